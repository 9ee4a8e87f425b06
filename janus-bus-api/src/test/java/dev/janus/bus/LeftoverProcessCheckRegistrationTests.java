package dev.janus.bus;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * janus-bus-api does not use the testkit (it is below it), so it has janus-process-check on its test classpath
 * directly: its test classes, too, fail when they leave a process running.
 */
class LeftoverProcessCheckRegistrationTests {

    @Test
    void theLeftoverProcessCheckIsFoundByExtensionAutodetection() {
        assertThat(ServiceLoader.load(Extension.class)).extracting(extension -> extension.getClass().getName())
                .contains("dev.janus.processcheck.LeftoverProcessCheck");
    }
}
