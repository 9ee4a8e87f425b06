package dev.janus.app.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.janus.app.JanusApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The page in a real headless Chromium against an app that requires API keys: what it does when its key goes bad. */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.security.api-keys[0].principal=ops", "janus.security.api-keys[0].roles=admin",
                "janus.security.api-keys[0].key=" + WebPageWithKeysBrowserTests.OPS,
                "janus.security.key-recheck-interval=200ms" })
class WebPageWithKeysBrowserTests {

    static final String OPS = "ops-key-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void requireChromium() {
        HeadlessChromium.requireInstalled();
    }

    @BeforeEach
    void openPage() throws IOException {
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + port + "/");
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aRevokedKeyStopsTheReconnectingAndSaysSoUntilAValidKeyIsEntered() throws Exception {
        // given the page connected with carol's issued key
        String carol = JsonMapper.builder().build().readTree(admin("POST", "/api/v1/admin/api-keys",
                "{\"principal\":\"carol\",\"roles\":[\"user\"]}").body()).get("api_key").stringValue();
        enterKey(carol);
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));

        // when her key is revoked, which closes her socket
        assertThat(admin("DELETE", "/api/v1/admin/api-keys/carol", null).statusCode()).isEqualTo(204);

        // then the page stops knocking with it and says why
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "refused"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.janus.state.socket;")).isNull();
        assertThat(browser.findElement(By.id("messages")).getText()).contains("The API key was refused");

        // and a valid key connects it again
        enterKey(OPS);
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));
    }

    private void enterKey(String key) {
        var field = browser.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(key, Keys.TAB);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + OPS)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
