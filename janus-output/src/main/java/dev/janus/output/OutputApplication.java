package dev.janus.output;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the output component alone, as its own service over Redis. */
// no component scan: the component's beans come from its configuration alone, as in the all-in-one app
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(OutputConfiguration.class)
public class OutputApplication {

    /** The name of this service's configuration file, {@code janus-output.yml}: unique, so all-in-one jars hold every one. */
    public static final String CONFIG_NAME = "janus-output";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(OutputApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
