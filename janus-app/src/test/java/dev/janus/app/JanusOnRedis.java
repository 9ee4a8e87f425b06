package dev.janus.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The all-in-one app on the Redis bus with Boot's OpenTelemetry tracing sampling every request into
 * an in-memory exporter, started once for the test classes that need it (tracing, a real Prometheus
 * scrape) and stopped when the JVM ends. It uses a Redis database of its own, so tests that flush
 * the shared test database do not pull its consumer groups away.
 */
final class JanusOnRedis {

    private static final int DATABASE = 13;
    private static JanusOnRedis shared;

    private final ConfigurableApplicationContext context;
    private final InMemorySpanExporter spans;
    private final RedisEndpoint redis;
    private final HttpClient http = HttpClient.newHttpClient();

    private JanusOnRedis(ConfigurableApplicationContext context, InMemorySpanExporter spans, RedisEndpoint redis) {
        this.context = context;
        this.spans = spans;
        this.redis = redis;
    }

    static synchronized JanusOnRedis shared() {
        if (shared == null) {
            RedisEndpoint testRedis = RedisExtension.sharedEndpoint();
            RedisEndpoint redis = new RedisEndpoint(testRedis.url().replaceAll("/\\d+$", "") + "/" + DATABASE,
                    testRedis.origin());
            redis.flush();
            ConfigurableApplicationContext context = new SpringApplicationBuilder(JanusApplication.class,
                    SpanCapture.class)
                    // arguments, not default properties: application.yml's janus.bus.type=memory would win over those
                    .run("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.type=redis",
                            "--janus.bus.redis.url=" + redis.url(), "--janus.bus.redis.metrics-interval=200ms",
                            "--janus.orchestrator.branches.memory=true", "--janus.orchestrator.branches.tools=true",
                            "--management.tracing.sampling.probability=1.0");
            if (!(context.getBean(dev.janus.bus.EventBus.class) instanceof dev.janus.bus.redis.RedisEventBus)) {
                throw new IllegalStateException("the app under test must run on the Redis bus");
            }
            shared = new JanusOnRedis(context, context.getBean(InMemorySpanExporter.class), redis);
            Runtime.getRuntime().addShutdownHook(new Thread(context::close, "janus-on-redis-stop"));
        }
        return shared;
    }

    InMemorySpanExporter spans() {
        return spans;
    }

    RedisEndpoint redis() {
        return redis;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every finished span goes to memory as soon as it ends (no batching), for the tests to read. */
    static class SpanCapture {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
            return SimpleSpanProcessor.create(exporter);
        }
    }
}
