package dev.janus.bench.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.janus.bench.RedisServer;
import dev.janus.bus.process.OwnedProcess;
import dev.janus.events.EventCodec;

/**
 * What the server itself sustains: {@code redis-benchmark -P 16 -n 200000 -q XADD benchstream * field <event JSON>}
 * (50 clients, 16 commands pipelined each), so the bus's figures can be read as a share of the raw server.
 */
final class RawXadd {

    static final int REQUESTS = 200_000;
    static final int PIPELINE = 16;

    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");
    private static final String KEY = "benchstream";

    /** Runs redis-benchmark against the server and returns its requests per second. */
    double run(RedisServer redis) throws IOException, InterruptedException {
        String value = new EventCodec().encodeToString(new SampleEvents(1).next()
                .withTrace("0af7651916cd43dd8448eb211c80319c", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        List<String> command = List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(redis.port()),
                "-P", Integer.toString(PIPELINE), "-n", Integer.toString(REQUESTS), "-q", "XADD", KEY, "*", "field",
                value);
        String output;
        try (OwnedProcess benchmark = OwnedProcess.startTask("redis-benchmark",
                new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(1))) {
            Process process = benchmark.process();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("redis-benchmark failed: " + output);
            }
        }
        redis.command("DEL " + KEY);
        Matcher matcher = RATE.matcher(output);
        String rate = null;
        while (matcher.find()) {
            rate = matcher.group(1);
        }
        if (rate == null) {
            throw new IllegalStateException("redis-benchmark printed no 'requests per second': " + output);
        }
        return Double.parseDouble(rate);
    }
}
