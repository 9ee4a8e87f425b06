package dev.janus.app.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium for the page's tests: Debian's {@code chromium} and {@code chromium-driver} (with
 * {@code espeak-ng} and {@code sox} for the speech its fake microphone plays), which {@code .ci/run} installs.
 */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Skips the test class where these are not installed; fails it on CI, which must have them. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)
                && Files.isExecutable(Path.of("/usr/bin/espeak-ng")) && Files.isExecutable(Path.of("/usr/bin/sox"));
        if (System.getenv("CI") != null && !installed) {
            throw new IllegalStateException("Chromium or espeak-ng is missing: apt-get install -y chromium "
                    + "chromium-driver espeak-ng sox (.ci/run does this)");
        }
        assumeTrue(installed, "Chromium or espeak-ng is not installed; apt-get install -y chromium chromium-driver "
                + "espeak-ng sox");
    }

    /** A new browser with a profile of its own, 1280×900, and {@code arguments} besides. */
    static ChromeDriver start(String... arguments) throws IOException {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("janus-chromium"));
        options.addArguments(List.of(arguments));
        // a driver service per browser: quitting a browser stops its service
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
