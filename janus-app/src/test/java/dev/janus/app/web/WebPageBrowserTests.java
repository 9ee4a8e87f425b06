package dev.janus.app.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.janus.app.JanusApplication;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.SuggestionFeedback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at {@code /} in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) against the real all-in-one app. Its microphone is Chromium's fake capture device
 * playing speech made with espeak-ng; transcription goes to a local server speaking OpenAI's transcription format.
 * Screenshots of every test are kept in {@code target/screenshots}; those of the page on a phone and a desktop also go
 * to {@code docs/} with {@code -Djanus.docs.write=true}.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.input.voice.transcription.engine=openai",
                // every test talks as the one local user: one test's suggestion must not make the next one's wait
                "janus.proactive.restraint.kind-cooldown=1ms", "janus.proactive.restraint.per-user-limit=10000" })
class WebPageBrowserTests {

    /** What the local transcription server (OpenAI's wire format) hears in any audio, unless a test says otherwise. */
    private static final String HEARD = "what is 6 * 7?";
    private static volatile String heard = HEARD;

    private static HttpServer transcription;
    private static Path speech;

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @DynamicPropertySource
    static void transcriptionServer(DynamicPropertyRegistry registry) throws IOException {
        transcription = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        transcription.createContext("/v1/audio/transcriptions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"text\":\"" + heard + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        transcription.start();
        registry.add("janus.input.voice.transcription.openai.url",
                () -> "http://127.0.0.1:" + transcription.getAddress().getPort());
    }

    @AfterAll
    static void stopTranscriptionServer() {
        if (transcription != null) {
            // null when the class was skipped before it started (no Chromium here)
            transcription.stop(0);
        }
    }

    @BeforeAll
    static void requireChromium() {
        HeadlessChromium.requireInstalled();
    }

    @BeforeEach
    void openPage() throws IOException {
        browser = HeadlessChromium.start(
                // the microphone: a recording of speech with pauses, played in a loop
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + speech().toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required");
        wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        heard = HEARD;
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
    void showsAToolsProgressWhileItRuns() {
        // when
        send("set a timer for 3 seconds");

        // then
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages li.reply .progress")));
        assertThat(browser.findElement(By.cssSelector("#messages li.reply .progress")).getText()).contains("timer");
        assertThat(awaitReply(1).getText()).contains("done");
    }

    @Test
    void acceptsASuggestion() {
        // given a question asked three times, which proactive notices
        for (int i = 1; i <= 3; i++) {
            send("Where did I leave my umbrella?");
            awaitReply(i);
        }
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#suggestions .suggestion")));
        String suggestionId = card.getAttribute("data-id");

        // when
        card.findElement(By.cssSelector("button[data-feedback='accepted']")).click();

        // then
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#suggestions .suggestion[data-id='" + suggestionId + "']")));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ((EventHistory) bus)
                .recentEvents(EventPattern.of("input.suggestion.feedback"), null, 1_000).stream()
                .map(event -> event.content(EventKeys.INPUT_SUGGESTION_FEEDBACK))
                .anyMatch(feedback -> feedback.suggestionId().equals(suggestionId)
                        && feedback.feedback().equals(SuggestionFeedback.ACCEPTED)));
    }

    @Test
    void theTimelineShowsTheBranchesOfTheSelectedReplySideBySide() {
        // given
        send("what is 17 * 23?");
        awaitReply(1).click();

        // then
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .lane[data-lane='llm']")));
        // read at once: the timeline is drawn again when the reply's events load once more
        @SuppressWarnings("unchecked")
        List<String> lanes = (List<String>) script(
                "return [...document.querySelectorAll('#timeline .lane')].map(lane => lane.dataset.lane);");
        assertThat(lanes).contains("input", "classification", "memory", "tools", "llm", "output");
        assertThat(browser.findElements(By.cssSelector("#timeline .mark[data-type='tools.execution.completed']")))
                .isNotEmpty();
    }

    @Test
    void aReplyThatCameWhileTheSocketWasDownIsShownAfterReconnecting() throws Exception {
        // given a conversation whose socket dropped
        send("Hello!");
        awaitReply(1);
        script("window.janus.disconnect();");
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "closed"));

        // when a reply is produced meanwhile (the message sent over REST), then the page reconnects
        String streamId = (String) script("return window.janus.state.streamId;");
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/messages?wait=20"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"what is 6 * 7?\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        script("window.janus.connect();");

        // then
        assertThat(awaitReply(2).getText()).contains("42");
    }

    @Test
    void speakingHandsFreeShowsTheTranscriptAndTheReply() {
        // when the user turns hands-free on and speaks (the fake microphone)
        browser.findElement(By.id("hands-free")).click();

        // then what they said appears as their message, and Janus answers it
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#messages li.user"), HEARD));
        assertThat(awaitReply(1).getText()).contains("42");
        assertThat(script("return window.janus.voice.socket !== null;")).isEqualTo(true);
    }

    @Test
    void rendersRepliesAsMarkdownWithoutAnythingThatRuns() {
        // when a reply in markdown comes (the offline responder's note is in italics)
        send("Good morning, Janus.");
        WebElement reply = awaitReply(1);

        // then it is formatted, not shown as markup
        assertThat(reply.findElements(By.cssSelector(".text em"))).isNotEmpty();
        assertThat(reply.getText()).doesNotContain("_No language model");

        // and markdown carrying script is rendered without it
        String html = (String) script("""
                const html = window.janus.render('**bold** <img src=x onerror="window.pwned=1"> '
                    + '[link](javascript:window.pwned=2) <script>window.pwned=3</script>');
                document.querySelector('#messages li.reply .text').innerHTML = html;
                return html;""");
        assertThat(html).contains("<strong>bold</strong>").doesNotContain("onerror").doesNotContain("javascript:")
                .doesNotContain("<script");
        assertThat(script("return window.pwned === undefined;")).isEqualTo(true);
    }

    @Test
    void showsThatJanusIsBusyAndStopsTheReplyWithTheStopButton() {
        // given a reply that waits for a long timer
        send("set a timer for 45 seconds");
        wait.until(ExpectedConditions.attributeToBe(By.id("messages"), "aria-busy", "true"));
        WebElement stop = browser.findElement(By.id("stop"));
        wait.until(ExpectedConditions.elementToBeClickable(stop));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages li.reply.streaming")));

        // when
        stop.click();

        // then the reply comes with what was done, and the page is no longer busy
        assertThat(awaitReply(1).getText()).contains("cancelled");
        wait.until(ExpectedConditions.attributeToBe(By.id("messages"), "aria-busy", "false"));
        assertThat(stop.isEnabled()).isFalse();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ((EventHistory) bus)
                .recentEvents(EventPattern.of("input.stream.interrupted"), null, 1_000).stream()
                .anyMatch(event -> event.streamId().equals(script("return window.janus.state.streamId;"))));
    }

    @Test
    void theComposerSendsOnEnterAndBreaksTheLineOnShiftEnter() {
        // when
        WebElement composer = browser.findElement(By.id("text"));
        composer.sendKeys("first line");
        composer.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        composer.sendKeys("second line");

        // then nothing is sent yet, and the composer holds two lines
        assertThat(composer.getAttribute("value")).isEqualTo("first line\nsecond line");
        assertThat(browser.findElements(By.cssSelector("#messages li.user"))).isEmpty();

        // when
        composer.sendKeys(Keys.ENTER);

        // then
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li.user"), 1));
        assertThat(browser.findElement(By.cssSelector("#messages li.user")).getText())
                .isEqualTo("first line\nsecond line");
        assertThat(composer.getAttribute("value")).isEmpty();
        awaitReply(1);
    }

    @Test
    void aReplyIsSelectedWithTheKeyboardAndFocusIsVisible() {
        // given
        send("what is 3 + 4?");
        awaitReply(1);
        browser.findElement(By.id("text")).click();

        // when the user goes back from the composer to the reply and presses Enter
        new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        WebElement focused = browser.switchTo().activeElement();
        focused.sendKeys(Keys.ENTER);

        // then
        assertThat(focused.getAttribute("class")).contains("reply");
        assertThat(script("return getComputedStyle(document.activeElement).outlineStyle;")).isEqualTo("solid");
        wait.until(ExpectedConditions.attributeContains(focused, "class", "selected"));
        assertThat(focused.getAttribute("aria-current")).isEqualTo("true");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .lane[data-lane='tools']")));
    }

    @Test
    void pushToTalkOnAKeyCapturesWithAnAudioWorklet() {
        // given what the microphone will be heard saying
        heard = "what is 8 * 9?";

        // when the user holds F2
        new Actions(browser).keyDown(Keys.F2).perform();

        // then the talk button is pressed, the worklet captures, and what was said is answered
        wait.until(ExpectedConditions.attributeToBe(By.id("talk"), "aria-pressed", "true"));
        assertThat(script("return window.janus.voice.worklet instanceof AudioWorkletNode;")).isEqualTo(true);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#messages li.user"),
                "what is 8 * 9?"));
        new Actions(browser).keyUp(Keys.F2).perform();
        wait.until(ExpectedConditions.attributeToBe(By.id("talk"), "aria-pressed", "false"));
        assertThat(awaitReply(1).getText()).contains("72");
    }

    @Test
    void showsWhatJanusRemembersForgetsOneThingAndEverythingAfterConfirmation() {
        // given facts the user told
        send("My name is Grace.");
        awaitReply(1);
        send("I live in Lisbon.");
        awaitReply(2);
        awaitMemory("name: Grace");

        // when one is forgotten (the panel may be drawn again meanwhile: the click is retried on a fresh element)
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            awaitMemory("name: Grace").findElement(By.tagName("button")).click();
            return true;
        });

        // then
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("memories"),
                "name: Grace")));
        awaitMemory("Lisbon");

        // when forgetting everything is asked for, then cancelled
        browser.findElement(By.id("forget-all")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forget-dialog")));
        browser.findElement(By.id("forget-cancel")).click();

        // then nothing is forgotten
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("forget-dialog")));
        assertThat(browser.findElement(By.id("memories")).getText()).contains("Lisbon");

        // when it is confirmed
        browser.findElement(By.id("forget-all")).click();
        browser.findElement(By.id("forget-confirm")).click();

        // then
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("memories"), "remembers nothing"));
    }

    @Test
    void fitsAPhoneWithTheTimelineUnderTheChatAndADesktopSideBySide() throws IOException {
        // given a conversation with a remembered fact and a tool's result
        send("My name is Ada.");
        awaitReply(1);
        send("what is 12 * 12?");
        awaitReply(2).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline .lane[data-lane='llm']")));
        awaitMemory("name: Ada");

        // when on a phone
        browser.manage().window().setSize(new Dimension(390, 844));
        wait.until(driver -> script("return window.innerWidth;").equals(390L));

        // then the page is no longer busy, nothing scrolls sideways, and the timeline is under the chat
        wait.until(ExpectedConditions.attributeToBe(By.id("messages"), "aria-busy", "false"));
        assertThat((Long) script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
        assertThat((Boolean) script("return document.getElementById('timeline-panel').getBoundingClientRect().top "
                + ">= document.getElementById('chat').getBoundingClientRect().bottom;")).isTrue();
        assertThat(browser.findElement(By.id("send")).isDisplayed()).isTrue();
        screenshot("janus-phone.png");

        // when on a desktop
        browser.manage().window().setSize(new Dimension(1280, 860));
        wait.until(driver -> script("return window.innerWidth;").equals(1280L));

        // then the timeline is beside the chat
        assertThat((Boolean) script("return document.getElementById('timeline-panel').getBoundingClientRect().left "
                + ">= document.getElementById('chat').getBoundingClientRect().right;")).isTrue();
        screenshot("janus-desktop.png");
    }

    /** The memory whose text contains {@code text}, loading the panel again until it shows. */
    private WebElement awaitMemory(String text) {
        By memory = By.xpath("//div[@id='memories']//li[contains(., '" + text + "')]");
        return wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            List<WebElement> found = driver.findElements(memory);
            if (found.isEmpty()) {
                driver.findElement(By.id("memories-refresh")).click();
                return null;
            }
            return found.get(0);
        });
    }

    /** A screenshot of the page as it is, into target/screenshots and, with -Djanus.docs.write=true, into docs/. */
    private void screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(screenshots.resolve(name), png);
        if (Boolean.getBoolean("janus.docs.write")) {
            Files.write(Path.of("..", "docs", name), png);
        }
    }

    /** espeak-ng saying a question, then a second of silence: the recording Chromium plays as the microphone. */
    private static Path speech() throws IOException {
        if (speech == null) {
            Path directory = Files.createDirectories(Path.of("target", "web-speech"));
            Path spoken = directory.resolve("spoken.wav");
            Path padded = directory.resolve("question.wav");
            run("espeak-ng", "-w", spoken.toString(), "what is six times seven");
            run("sox", spoken.toString(), "-r", "48000", "-c", "1", "-b", "16", padded.toString(), "pad", "0.5", "1.5");
            speech = padded;
        }
        return speech;
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
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
