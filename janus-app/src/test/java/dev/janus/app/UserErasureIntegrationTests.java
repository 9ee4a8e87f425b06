package dev.janus.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventPattern;
import dev.janus.redis.BucketedKey;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.testkit.RedisProcess;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forgetting a user sticks: on Redis, after {@code DELETE /api/v1/users/ada/memories}, a restart, a republished
 * copy of her earlier message and an attempt to replay her dead letters, nothing she said is in any Redis key or
 * stream entry, in any {@code /events} answer or in any reply — and what she says next is remembered again.
 */
class UserErasureIntegrationTests {

    private static final String SECRET = "pumpernickel";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void afterForgettingAUserNothingTheySaidComesBack() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> cli = connection.sync();
                JanusEvent told;
                ConfigurableApplicationContext janus = start(redis);
                try {
                    // given ada told Janus a secret, asked for a reminder about it, and one of her events failed
                    String base = base(janus);
                    reply(base, "secret-chat", "My secret word is " + SECRET + ".");
                    reply(base, "secret-chat", "remind me in 10 minutes to buy " + SECRET);
                    told = ((dev.janus.bus.EventHistory) janus.getBean(EventBus.class))
                            .recentEvents(EventPattern.of(EventType.INPUT_MESSAGE_RECEIVED.wireName()), "secret-chat", 10)
                            .get(0);
                    cli.xadd("janus:dlq", Map.of("event", new EventCodec().encodeToString(told),
                            "event_type", told.eventType().wireName(), "event_id", told.eventId(),
                            "error", "a handler failed", "attempts", "3", "origin_stream", "janus:input.message.received",
                            "origin_group", "janus-memory", "failed_at", "2026-12-04T12:00:00Z"));
                    assertThat(keysAndEntriesMentioning(cli, SECRET)).isNotEmpty();

                    // when she is forgotten
                    HttpResponse<String> forgotten = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/users/ada/memories")).DELETE().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(forgotten.statusCode()).isEqualTo(200);
                    JsonNode answer = json.readTree(forgotten.body());
                    assertThat(answer.get("facts_deleted").intValue()).isPositive();
                    assertThat(answer.get("events_deleted").intValue()).isPositive();
                    assertThat(answer.get("dead_letters_deleted").intValue()).isEqualTo(1);
                    assertThat(answer.get("streams").toString()).contains("secret-chat");
                    await().atMost(WAIT).until(() -> new BucketedKey("janus:tools:reminders:due").keys().stream()
                            .mapToLong(cli::zcard).sum() == 0);
                }
                finally {
                    janus.close();
                }

                // then, after a restart, a late copy of her message and a replay attempt bring nothing back
                janus = start(redis);
                try {
                    String base = base(janus);
                    janus.getBean(EventBus.class).publish(told).join();
                    HttpResponse<String> letters = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/admin/dlq")).GET().build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(letters.body()).doesNotContain(SECRET);
                    String asked = reply(base, "another-chat", "What is my secret word?");
                    assertThat(asked).doesNotContain(SECRET);
                    HttpResponse<String> events = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/streams/secret-chat/events")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(events.body()).doesNotContain(SECRET);
                    assertThat(keysAndEntriesMentioning(cli, SECRET)).isEmpty();

                    // and what she says from now on is remembered again
                    reply(base, "another-chat", "My favourite colour is teal.");
                    assertThat(reply(base, "another-chat", "What is my favourite colour?")).containsIgnoringCase("teal");
                }
                finally {
                    janus.close();
                }
            }
            finally {
                client.shutdown();
            }
        }
    }

    private static ConfigurableApplicationContext start(RedisProcess redis) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(JanusApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--janus.bus.type=redis",
                        "--janus.bus.redis.url=" + redis.url(), "--janus.orchestrator.branches.memory=true",
                        "--janus.orchestrator.branches.tools=true");
        assertThat(context.getBean(EventBus.class)).isInstanceOf(RedisEventBus.class);
        return context;
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private String reply(String base, String stream, String text) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/streams/" + stream + "/messages?wait=20"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text, "user_id", "ada"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("text").stringValue();
    }

    /** Every key whose name or value (strings, hashes, lists, sets, sorted sets, stream entries) holds {@code text}. */
    private static List<String> keysAndEntriesMentioning(RedisCommands<String, String> cli, String text) {
        List<String> found = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = cli.scan(cursor);
            for (String key : page.getKeys()) {
                String content = switch (cli.type(key)) {
                    case "string" -> String.valueOf(cli.get(key));
                    case "hash" -> cli.hgetall(key).toString();
                    case "list" -> cli.lrange(key, 0, -1).toString();
                    case "set" -> cli.smembers(key).toString();
                    case "zset" -> cli.zrange(key, 0, -1).toString();
                    case "stream" -> cli.xrange(key, Range.create("-", "+")).toString();
                    default -> "";
                };
                if (key.contains(text) || content.contains(text)) {
                    found.add(key);
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return found;
    }
}
