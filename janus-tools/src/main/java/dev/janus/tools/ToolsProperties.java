package dev.janus.tools;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of the tools component, under {@code janus.tools}. Every value has a default; a bad
 * value fails start-up with a message naming the property and what it accepts.
 *
 * @param defaultTimeout how long a call may run unless its tool says otherwise (default 10s; 10ms..10m)
 * @param maxConcurrentPerTool calls of one tool running at once on this instance; more fail as busy (default
 *        16; 1..10000)
 * @param maxAbandonedPerTool calls of one tool that cannot be stopped (it does not stop when interrupted: an
 *        HTTP or MCP call) still running after their timeout or cancellation; while that many run on, further
 *        calls of the tool fail at once (default 4; 1..1000)
 * @param maxArgumentBytes the largest arguments of one call, as JSON (default 16384; 64..1048576)
 * @param threads threads that run calls, shared by all tools (default 32; 1..1024)
 * @param outcomeRetention how long the outcome of a call is kept, so that a redelivered request republishes
 *        it instead of running the call again (default 24h; 1m..30d)
 * @param catalogueInterval how often the registry is announced on {@code tools.registry.updated}, besides at
 *        start and on every change (default 1m; 100ms..1d)
 * @param breaker the circuit breaker each tool has
 * @param retry retries of idempotent tools that failed for a reason other than their input
 * @param tool per-tool limits by tool name, overriding the defaults
 * @param calculator the {@code calculator} tool's limits on the work one expression may ask for
 * @param timers the {@code timer} tool
 * @param reminders the {@code reminder} tool
 * @param http the {@code http_get} tool
 * @param mcp external tools from MCP servers
 */
@ConfigurationProperties("janus.tools")
public record ToolsProperties(@DefaultValue("10s") Duration defaultTimeout,
        @DefaultValue("16") Integer maxConcurrentPerTool,
        @DefaultValue("4") Integer maxAbandonedPerTool,
        @DefaultValue("16384") Integer maxArgumentBytes, @DefaultValue("32") Integer threads,
        @DefaultValue("24h") Duration outcomeRetention,
        @DefaultValue("1m") Duration catalogueInterval, Breaker breaker, Retry retry,
        Map<String, ToolLimits> tool, Calculator calculator, Timers timers,
        Reminders reminders, Http http, Mcp mcp) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public ToolsProperties {
        defaultTimeout = within("janus.tools.default-timeout", defaultTimeout, Duration.ofSeconds(10),
                Duration.ofMillis(10), Duration.ofMinutes(10));
        maxConcurrentPerTool = inRange("janus.tools.max-concurrent-per-tool", maxConcurrentPerTool, 16, 1, 10_000);
        maxAbandonedPerTool = inRange("janus.tools.max-abandoned-per-tool", maxAbandonedPerTool, 4, 1, 1_000);
        maxArgumentBytes = inRange("janus.tools.max-argument-bytes", maxArgumentBytes, 16_384, 64, 1_048_576);
        threads = inRange("janus.tools.threads", threads, 32, 1, 1_024);
        outcomeRetention = within("janus.tools.outcome-retention", outcomeRetention, Duration.ofHours(24),
                Duration.ofMinutes(1), Duration.ofDays(30));
        catalogueInterval = within("janus.tools.catalogue-interval", catalogueInterval, Duration.ofMinutes(1),
                Duration.ofMillis(100), Duration.ofDays(1));
        breaker = breaker == null ? new Breaker(null, null, null, null) : breaker;
        retry = retry == null ? new Retry(null, null) : retry;
        tool = tool == null ? Map.of() : Map.copyOf(tool);
        tool.forEach((name, limits) -> limits.check("janus.tools.tool." + name));
        calculator = calculator == null ? Calculator.defaults() : calculator;
        timers = timers == null ? new Timers(null, null) : timers;
        reminders = reminders == null ? new Reminders(null, null, null, null) : reminders;
        http = http == null ? new Http(null, null, null, null, null, null) : http;
        mcp = mcp == null ? new Mcp(null, null) : mcp;
    }

    /** Every default. */
    public static ToolsProperties defaults() {
        return new ToolsProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The timeout of calls of {@code toolName}: its override, else {@code fallback}. */
    public Duration timeoutOf(String toolName, Duration fallback) {
        ToolLimits limits = tool.get(toolName);
        return limits != null && limits.timeout() != null ? limits.timeout() : fallback;
    }

    /** How many calls of {@code toolName} may run at once. */
    public int maxConcurrentOf(String toolName) {
        ToolLimits limits = tool.get(toolName);
        return limits != null && limits.maxConcurrent() != null ? limits.maxConcurrent() : maxConcurrentPerTool;
    }

    /** How many abandoned calls of {@code toolName} may run on before its calls are refused. */
    public int maxAbandonedOf(String toolName) {
        ToolLimits limits = tool.get(toolName);
        return limits != null && limits.maxAbandoned() != null ? limits.maxAbandoned() : maxAbandonedPerTool;
    }

    /**
     * Limits of one tool.
     *
     * @param timeout how long one call may run (10ms..7d); absent: the tool's own or the default
     * @param maxConcurrent calls running at once (1..10000); absent: {@code janus.tools.max-concurrent-per-tool}
     * @param maxAbandoned abandoned calls running on (1..1000); absent: {@code janus.tools.max-abandoned-per-tool}
     */
    public record ToolLimits(@Nullable Duration timeout, @Nullable Integer maxConcurrent,
            @Nullable Integer maxAbandoned) {

        void check(String prefix) {
            if (timeout != null) {
                within(prefix + ".timeout", timeout, timeout, Duration.ofMillis(10), Duration.ofDays(7));
            }
            if (maxConcurrent != null) {
                inRange(prefix + ".max-concurrent", maxConcurrent, 1, 1, 10_000);
            }
            if (maxAbandoned != null) {
                inRange(prefix + ".max-abandoned", maxAbandoned, 1, 1, 1_000);
            }
        }
    }

    /**
     * The {@code calculator} tool's limits: each bounds the work one expression can ask for, and an expression past
     * one fails with a message naming the limit ({@code exponent 9999 exceeds the limit 1000}).
     *
     * @param maxOperandDigits digits of one number written in the expression (default 100; 1..10000)
     * @param maxExponent the largest power, in absolute value (default 1000; 1..100000)
     * @param maxResultDigits digits of any intermediate or final result, before or after the point; smaller
     *        magnitudes than 10^-max-result-digits are zero (default 1000; 34..100000)
     * @param maxSteps numbers, operations and function calls evaluated, each power counting one per bit of its
     *        exponent (default 10000; 100..10000000)
     */
    public record Calculator(@DefaultValue("100") Integer maxOperandDigits,
            @DefaultValue("1000") Integer maxExponent,
            @DefaultValue("1000") Integer maxResultDigits,
            @DefaultValue("10000") Integer maxSteps) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Calculator {
            maxOperandDigits = inRange("janus.tools.calculator.max-operand-digits", maxOperandDigits, 100, 1, 10_000);
            maxExponent = inRange("janus.tools.calculator.max-exponent", maxExponent, 1_000, 1, 100_000);
            maxResultDigits = inRange("janus.tools.calculator.max-result-digits", maxResultDigits, 1_000, 34, 100_000);
            maxSteps = inRange("janus.tools.calculator.max-steps", maxSteps, 10_000, 100, 10_000_000);
        }

        /** Every default. */
        public static Calculator defaults() {
            return new Calculator(null, null, null, null);
        }
    }

    /**
     * Each tool's circuit breaker (Resilience4j): timeouts and failures of the tool itself count; bad input
     * does not.
     *
     * @param failureRateThreshold % of failed calls that opens the breaker (default 50; 1..100)
     * @param minimumNumberOfCalls calls before the rate counts (default 5; 1..10000)
     * @param slidingWindowSize calls the rate is computed over (default 20; at least the minimum)
     * @param waitInOpenState how long an open breaker refuses calls before probing (default 30s; 10ms..1h)
     */
    public record Breaker(@DefaultValue("50") Integer failureRateThreshold,
            @DefaultValue("5") Integer minimumNumberOfCalls, Integer slidingWindowSize,
            @DefaultValue("30s") Duration waitInOpenState) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Breaker {
            failureRateThreshold = inRange("janus.tools.breaker.failure-rate-threshold", failureRateThreshold, 50, 1,
                    100);
            minimumNumberOfCalls = inRange("janus.tools.breaker.minimum-number-of-calls", minimumNumberOfCalls, 5, 1,
                    10_000);
            slidingWindowSize = inRange("janus.tools.breaker.sliding-window-size", slidingWindowSize,
                    Math.max(20, minimumNumberOfCalls), minimumNumberOfCalls, 10_000);
            waitInOpenState = within("janus.tools.breaker.wait-in-open-state", waitInOpenState, Duration.ofSeconds(30),
                    Duration.ofMillis(10), Duration.ofHours(1));
        }
    }

    /**
     * Retries of idempotent tools.
     *
     * @param maxAttempts attempts in all (default 3; 1..10; 1 turns retries off)
     * @param initialBackoff wait before the second attempt, doubling after each (default 200ms; 1ms..1m)
     */
    public record Retry(@DefaultValue("3") Integer maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Retry {
            maxAttempts = inRange("janus.tools.retry.max-attempts", maxAttempts, 3, 1, 10);
            initialBackoff = within("janus.tools.retry.initial-backoff", initialBackoff, Duration.ofMillis(200),
                    Duration.ofMillis(1), Duration.ofMinutes(1));
        }
    }

    /**
     * The {@code timer} tool.
     *
     * @param maxDuration the longest timer (default 24h; 1s..7d)
     * @param progressInterval how often a running timer reports progress (default 5s; 10ms..1h)
     */
    public record Timers(@DefaultValue("24h") Duration maxDuration,
            @DefaultValue("5s") Duration progressInterval) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Timers {
            maxDuration = within("janus.tools.timers.max-duration", maxDuration, Duration.ofHours(24),
                    Duration.ofSeconds(1), Duration.ofDays(7));
            progressInterval = within("janus.tools.timers.progress-interval", progressInterval,
                    Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofHours(1));
        }
    }

    /**
     * The {@code reminder} tool.
     *
     * @param maxDelay how far ahead a reminder may be set (default 366d; 1m..3660d)
     * @param pollInterval how often due reminders are looked for (default 1s; 10ms..1m)
     * @param defaultZone the time zone of a time of day given without one, such as "17:30" (default UTC)
     * @param maxPerUser how many reminders may wait for one user at once (default 100; 1..100000): one message may
     *        ask the model for dozens, and a user sends many messages
     */
    public record Reminders(@DefaultValue("366d") Duration maxDelay,
            @DefaultValue("1s") Duration pollInterval, @DefaultValue("UTC") String defaultZone,
            @DefaultValue("100") Integer maxPerUser) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Reminders {
            maxDelay = within("janus.tools.reminders.max-delay", maxDelay, Duration.ofDays(366), Duration.ofMinutes(1),
                    Duration.ofDays(3_660));
            pollInterval = within("janus.tools.reminders.poll-interval", pollInterval, Duration.ofSeconds(1),
                    Duration.ofMillis(10), Duration.ofMinutes(1));
            defaultZone = defaultZone == null || defaultZone.isBlank() ? "UTC" : defaultZone;
            maxPerUser = inRange("janus.tools.reminders.max-per-user", maxPerUser, 100, 1, 100_000);
            try {
                ZoneId.of(defaultZone);
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("janus.tools.reminders.default-zone must be an IANA time zone such "
                        + "as Europe/Berlin, but was '" + defaultZone + "'");
            }
        }

        /** The zone of times of day given without one. */
        public ZoneId zone() {
            return ZoneId.of(defaultZone);
        }
    }

    /**
     * The {@code http_get} tool. Off by default; when on, it fetches only from the allowed hosts, never from
     * loopback, private, link-local or multicast addresses (unless {@code allowPrivateAddresses}), follows
     * redirects only to allowed hosts, and caps size and time.
     *
     * @param enabled whether the tool exists (default false)
     * @param allowedHosts host names (exact, case-insensitive) or {@code *.example.com} for its subdomains
     * @param allowPrivateAddresses lets it reach loopback and private addresses: for tests against a local
     *        server only (default false)
     * @param maxBytes the most bytes of a response body read (default 65536; 1..1048576)
     * @param timeout the longest a fetch may take, redirects included (default 5s; 10ms..1m)
     * @param maxRedirects redirects followed, each checked like the first URL (default 3; 0..10)
     */
    public record Http(@DefaultValue("false") Boolean enabled,
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("false") Boolean allowPrivateAddresses,
            @DefaultValue("65536") Integer maxBytes, @DefaultValue("5s") Duration timeout,
            @DefaultValue("3") Integer maxRedirects) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Http {
            enabled = enabled != null && enabled;
            allowedHosts = allowedHosts == null ? List.of()
                    : allowedHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT))
                            .filter(host -> !host.isEmpty()).toList();
            allowPrivateAddresses = allowPrivateAddresses != null && allowPrivateAddresses;
            maxBytes = inRange("janus.tools.http.max-bytes", maxBytes, 65_536, 1, 1_048_576);
            timeout = within("janus.tools.http.timeout", timeout, Duration.ofSeconds(5), Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            maxRedirects = inRange("janus.tools.http.max-redirects", maxRedirects, 3, 0, 10);
        }
    }

    /**
     * External tools over MCP. The servers themselves are configured with Spring AI's properties
     * ({@code spring.ai.mcp.client.stdio|sse|streamable-http.connections.<name>...}).
     *
     * @param refreshInterval how often servers that could not be reached are tried again and every server's
     *        tool list is read again (default 1m; 100ms..1d)
     * @param stopGrace how long a stdio server gets to exit after its input is closed, and again after SIGTERM,
     *        before it is killed with the processes it started (default 2s; 0s..1m)
     */
    public record Mcp(@DefaultValue("1m") Duration refreshInterval,
            @DefaultValue("2s") Duration stopGrace) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Mcp {
            refreshInterval = within("janus.tools.mcp.refresh-interval", refreshInterval, Duration.ofMinutes(1),
                    Duration.ofMillis(100), Duration.ofDays(1));
            stopGrace = within("janus.tools.mcp.stop-grace", stopGrace, Duration.ofSeconds(2), Duration.ZERO,
                    Duration.ofMinutes(1));
        }
    }
}
