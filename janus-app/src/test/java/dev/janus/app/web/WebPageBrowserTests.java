package dev.janus.app.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.janus.app.JanusApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page at {@code /} in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) against the real all-in-one app. Screenshots of every test are kept in
 * {@code target/screenshots}.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.orchestrator.branches.memory=true", "janus.orchestrator.branches.tools=true" })
class WebPageBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ChromeDriverService service;

    @LocalServerPort
    int port;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void startDriver() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null && !installed) {
            throw new IllegalStateException("Chromium is missing: apt-get install -y chromium chromium-driver "
                    + "(.ci/run does this)");
        }
        assumeTrue(installed, "Chromium is not installed; apt-get install -y chromium chromium-driver");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        service.start();
    }

    @AfterAll
    static void stopDriver() {
        if (service != null) {
            service.stop();
        }
    }

    @BeforeEach
    void openPage() throws IOException {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("janus-chromium"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (browser == null) {
            return;
        }
        Path screenshots = Path.of("target", "screenshots");
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                browser.getScreenshotAs(OutputType.BYTES));
        browser.quit();
    }

    @Test
    void sendsAMessageAndShowsTheReply() {
        // when
        send("Hello, can you help me?");

        // then
        WebElement reply = awaitReply(1);
        assertThat(reply.getText().toLowerCase()).contains("help");
        assertThat(browser.findElements(By.cssSelector("#messages li.user")).get(0).getText())
                .isEqualTo("Hello, can you help me?");
    }

    @Test
    void showsAToolsResultWithTheReply() {
        // when
        send("what is 17 * 23?");

        // then
        WebElement reply = awaitReply(1);
        assertThat(reply.getText()).contains("391");
        assertThat(reply.findElement(By.className("tools")).getText()).contains("calculator: ok");
    }

    @Test
    void theTimelineShowsTheBranchesOfTheSelectedReplySideBySide() {
        // given
        send("what is 17 * 23?");
        awaitReply(1).click();

        // then
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .lane[data-lane='llm']")));
        List<String> lanes = browser.findElements(By.cssSelector("#timeline .lane")).stream()
                .map(lane -> lane.getAttribute("data-lane"))
                .toList();
        assertThat(lanes).contains("input", "classification", "memory", "tools", "llm", "output");
        assertThat(browser.findElements(By.cssSelector("#timeline .mark[data-type='tools.execution.completed']")))
                .isNotEmpty();
    }

    @Test
    void aReplyThatCameWhileTheSocketWasDownIsShownAfterReconnecting() throws Exception {
        // given a conversation whose socket dropped
        send("Hello!");
        awaitReply(1);
        script("const s = window.janus.state.socket; window.janus.state.socket = null; s.close();");
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "closed"));

        // when a reply is produced meanwhile (the message sent over REST), then the page reconnects
        String streamId = (String) script("return window.janus.state.streamId;");
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/messages?wait=20"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"what is 6 * 7?\",\"user_id\":\"web-user\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        script("window.janus.connect();");

        // then
        assertThat(awaitReply(2).getText()).contains("42");
    }

    private void send(String text) {
        WebElement input = browser.findElement(By.id("text"));
        input.sendKeys(text);
        browser.findElement(By.id("send")).click();
    }

    /** The {@code count}-th reply, once it is complete. */
    private WebElement awaitReply(int count) {
        By replies = By.cssSelector("#messages li.reply:not(.streaming)");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(replies, count - 1));
        return browser.findElements(replies).get(count - 1);
    }

    private Object script(String source) {
        return ((JavascriptExecutor) browser).executeScript(source);
    }
}
