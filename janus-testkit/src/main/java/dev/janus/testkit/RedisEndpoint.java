package dev.janus.testkit;

import java.net.URI;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Where a test's Redis answers.
 *
 * @param url a {@code redis://host:port/db} URL
 * @param origin how it was obtained: {@code REDIS_URL}, {@code testcontainers} or {@code redis-server}
 */
public record RedisEndpoint(String url, String origin) {

    /** The host part of the URL. */
    public String host() {
        return URI.create(url).getHost();
    }

    /** The port part of the URL. */
    public int port() {
        return URI.create(url).getPort();
    }

    /** Empties the test database (only that database) so a test starts from nothing. */
    public void flush() {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushdb();
        }
        finally {
            client.shutdown();
        }
    }
}
