package dev.janus.tools.execution;

import static dev.janus.events.Abbreviation.abbreviate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.events.ToolCall;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.execution.RunningCall.Ending;
import dev.janus.tools.registry.ArgumentValidator;
import dev.janus.tools.registry.CallOrigin;
import dev.janus.tools.registry.ProgressListener;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static dev.janus.bus.config.PropertyCheck.readable;

/**
 * Runs tool calls safely. Before a call runs: the tool must exist, its arguments must fit
 * {@code janus.tools.max-argument-bytes} and its JSON schema, its circuit breaker must be closed, it must be
 * under its concurrency limit and, for a tool that cannot be stopped, under its limit of abandoned calls —
 * otherwise the call ends at once with a reason a user can read. Then it runs on a thread of a bounded pool
 * (never the bus thread), under its timeout; idempotent tools are retried with backoff when they fail for a
 * reason other than their input.
 * <p>
 * A timeout or cancellation ends the call's result at once and interrupts its thread. A tool that
 * {@linkplain Tool#stopsWhenInterrupted() stops when interrupted} keeps its concurrency slot until its thread has
 * left the call, so a slot never stands for work still going on. Any other tool (an HTTP or MCP call) frees its
 * slot at the timeout; if its thread runs on, the call is abandoned: counted ({@code janus.tool.calls.abandoned}),
 * and gauged while it runs ({@code janus.tool.calls.abandoned.running}); while
 * {@code janus.tools.max-abandoned-per-tool} of a tool's calls run on, its new calls fail at once. Records a timer
 * per tool and outcome ({@code janus.tool.calls}).
 */
public final class ToolExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ToolExecutor.class);

    private final ToolRegistry registry;
    private final ToolsProperties properties;
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerConfig breakerConfig;
    private final MeterRegistry meters;
    private final ArgumentValidator validator = new ArgumentValidator();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    /**
     * Calls running per tool and user. The last quarter of a tool's slots (at least one) is kept for users running
     * fewer calls of it than that: one user's long calls (a day's timers) never leave the tool busy for everyone,
     * while a request's several quick calls still run side by side.
     */
    private final Map<String, Integer> userShares = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> abandonedRunning = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor deadlines;

    public ToolExecutor(ToolRegistry registry, ToolsProperties properties, CircuitBreakerRegistry breakers,
            MeterRegistry meters) {
        this.registry = registry;
        this.properties = properties;
        this.breakers = breakers;
        this.meters = meters;
        ToolsProperties.Breaker breaker = properties.breaker();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .slidingWindowSize(breaker.slidingWindowSize())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        // no queue: a call either gets a thread now or is refused, instead of waiting behind long timers
        this.threads = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads("janus-tool-"));
        this.threads.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, threads("janus-tool-deadlines-"));
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts {@code call}; {@code announce} is given the call once it passed its checks, before the tool runs (it
     * tracks the call, so a cancellation finds it before the tool's first progress, and publishes
     * {@code tools.execution.started}), and returns when the announcement is out. A tool with effects runs only once
     * it is; an idempotent tool is handed to its thread meanwhile, and this returns once the announcement is out too.
     * When the announcement fails, so does this: a tool with effects never ran, and an idempotent one is cancelled
     * (a request delivered again may run it again, which is harmless). The returned call's result never completes
     * exceptionally.
     */
    public RunningCall start(ToolCall call, CallOrigin origin, ProgressListener progress,
            Function<RunningCall, CompletableFuture<?>> announce) {
        long startedNanos = System.nanoTime();
        String name = call.name();
        Optional<Tool> found = registry.find(name);
        if (found.isEmpty()) {
            return ended(call, origin, startedNanos, "unknown tool '" + abbreviate(name, 64) + "'; the tools are "
                    + String.join(", ", registry.names()), Ending.BAD_INPUT, "unknown");
        }
        Tool tool = found.get();
        String problem = problemWithArguments(tool, call.arguments());
        if (problem != null) {
            return ended(call, origin, startedNanos, problem, Ending.BAD_INPUT, name);
        }
        boolean stoppable = tool.stopsWhenInterrupted();
        int abandoned = stoppable ? 0 : abandonedRunning(name).get();
        if (abandoned >= properties.maxAbandonedOf(name)) {
            return ended(call, origin, startedNanos, "the " + name + " tool is refusing calls: abandoned calls still "
                    + "running past their timeout: " + abandoned + " of at most " + properties.maxAbandonedOf(name)
                    + "; try again once they finish", Ending.REJECTED, name);
        }
        CircuitBreaker breaker = breakers.circuitBreaker("tool-" + name, breakerConfig,
                Map.of(BusAutoConfiguration.BREAKER_KIND, "tool"));
        if (!breaker.tryAcquirePermission()) {
            return ended(call, origin, startedNanos, "the " + name + " tool is temporarily unavailable after repeated "
                    + "failures; try again in " + readable(properties.breaker().waitInOpenState()), Ending.REJECTED,
                    name);
        }
        Semaphore limit = permits.computeIfAbsent(name, key -> new Semaphore(properties.maxConcurrentOf(key)));
        String share = origin.userId() == null ? null : name + "\u0000" + origin.userId();
        int kept = Math.max(1, properties.maxConcurrentOf(name) / 4);
        if (share != null && !takeShare(share, limit.availablePermits() > kept ? Integer.MAX_VALUE : kept)) {
            breaker.releasePermission();
            return ended(call, origin, startedNanos, "the " + name + " tool's last " + kept + " free slots are kept "
                    + "for other users, and this user runs " + kept + " or more of its calls already "
                    + "(janus.tools.max-concurrent-per-tool: a quarter); wait for one to finish", Ending.REJECTED,
                    name);
        }
        if (!limit.tryAcquire()) {
            breaker.releasePermission();
            releaseShare(share);
            return ended(call, origin, startedNanos, "the " + name + " tool is busy with "
                    + properties.maxConcurrentOf(name) + " calls already; try again shortly", Ending.REJECTED, name);
        }
        Duration timeout = properties.timeoutOf(name, tool.timeout(call.arguments(), properties.defaultTimeout()));
        RunningCall running = new RunningCall(call, origin.streamId(), startedNanos);
        // a tool that stops when interrupted holds its slot until it has; any other frees it with its result
        (stoppable ? running.stopped() : running.outcome()).whenComplete((done, error) -> {
            limit.release();
            releaseShare(share);
        });
        running.outcome().whenComplete((outcome, error) -> {
            record(breaker, running, outcome);
            if (!stoppable && outcome != null && !running.stopped().isDone()
                    && (outcome.ending() == Ending.TIMED_OUT || outcome.ending() == Ending.CANCELLED)) {
                abandon(name, running);
            }
        });
        boolean handedOver = false;
        try {
            CompletableFuture<?> announced = announce.apply(running);
            if (!tool.definition().idempotent()) {
                announced.join();
            }
            ScheduledFuture<?> deadline = deadlines.schedule(() -> running.fail("the " + name
                    + " tool did not finish within " + readable(timeout), Ending.TIMED_OUT), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            running.outcome().whenComplete((outcome, error) -> deadline.cancel(false));
            ToolInvocation invocation = new ToolInvocation(call.callId(), origin, call.arguments(), progress);
            try {
                threads.execute(() -> running.runHere(() -> run(tool, invocation, running)));
                handedOver = true;
            }
            catch (RejectedExecutionException e) {
                running.fail("Janus is running " + properties.threads() + " tool calls already; try again shortly",
                        Ending.REJECTED);
                running.neverRan();
            }
            // the result, even a refusal, follows the announcement
            announced.join();
        }
        catch (RuntimeException e) {
            if (handedOver) {
                // interrupted and, if it runs on regardless, counted abandoned, as at a timeout
                running.cancel("its start could not be announced");
            }
            else {
                running.fail("the " + name + " tool could not be started", Ending.REJECTED);
                running.neverRan();
            }
            throw e;
        }
        return running;
    }

    /** Counts {@code running}, whose result is out but whose thread runs on, until that thread has left it. */
    private void abandon(String tool, RunningCall running) {
        AtomicInteger stillRunning = abandonedRunning(tool);
        stillRunning.incrementAndGet();
        Counter.builder("janus.tool.calls.abandoned")
                .description("Calls that timed out or were cancelled while their tool could not be stopped")
                .tag("tool", tool).register(meters).increment();
        log.warn("Call {} of tool {} ended while its thread runs on; abandoned", running.callId(), tool);
        running.stopped().whenComplete((done, error) -> stillRunning.decrementAndGet());
    }

    private AtomicInteger abandonedRunning(String tool) {
        return abandonedRunning.computeIfAbsent(tool, name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("janus.tool.calls.abandoned.running", count, AtomicInteger::get)
                    .description("Abandoned calls whose threads still run").tag("tool", name).register(meters);
            return count;
        });
    }

    private void run(Tool tool, ToolInvocation invocation, RunningCall running) {
        int attempts = tool.definition().idempotent() ? properties.retry().maxAttempts() : 1;
        long backoff = properties.retry().initialBackoff().toMillis();
        for (int attempt = 1; !running.isDone(); attempt++) {
            String failure;
            try {
                running.succeed(tool.execute(invocation));
                return;
            }
            catch (ToolFailure e) {
                if (!e.faultOfTool()) {
                    running.fail(e.reason(), Ending.BAD_INPUT);
                    return;
                }
                failure = e.reason();
                if (e.getCause() != null) {
                    log.info("Tool {} failed: {}", tool.name(), e.getCause().toString());
                }
            }
            catch (InterruptedException e) {
                // a timeout or cancellation has already set the outcome and interrupted us
                running.fail("the " + tool.name() + " tool was interrupted", Ending.CANCELLED);
                return;
            }
            catch (RuntimeException e) {
                log.warn("Tool {} failed on call {}", tool.name(), invocation.callId(), e);
                failure = "the " + tool.name() + " tool failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage());
            }
            if (attempt >= attempts) {
                running.fail(attempts > 1 ? failure + " (after " + attempts + " attempts)" : failure, Ending.TOOL_FAILED);
                return;
            }
            try {
                Thread.sleep(backoff << (attempt - 1));
            }
            catch (InterruptedException e) {
                running.fail("the " + tool.name() + " tool was interrupted", Ending.CANCELLED);
                return;
            }
        }
    }

    private @Nullable String problemWithArguments(Tool tool, Map<String, Object> arguments) {
        int size;
        try {
            size = json.writeValueAsBytes(arguments).length;
        }
        catch (RuntimeException e) {
            return "the arguments of " + tool.name() + " are not JSON values";
        }
        if (size > properties.maxArgumentBytes()) {
            return "the arguments of " + tool.name() + " are " + size + " bytes of JSON, more than the "
                    + properties.maxArgumentBytes() + " allowed";
        }
        List<String> problems = validator.problems(tool.definition().parameters(), arguments);
        return problems.isEmpty() ? null : "invalid arguments for " + tool.name() + ": " + String.join("; ", problems);
    }

    /** Counts one more call of the user's ({@code share}: tool and user); false when it runs {@code most} already. */
    private boolean takeShare(String share, int most) {
        boolean[] taken = { false };
        userShares.compute(share, (key, held) -> {
            int count = held == null ? 0 : held;
            if (count >= most) {
                return held;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0];
    }

    private void releaseShare(@Nullable String share) {
        if (share != null) {
            userShares.computeIfPresent(share, (key, held) -> held <= 1 ? null : held - 1);
        }
    }

    private RunningCall ended(ToolCall call, CallOrigin origin, long startedNanos, String error, Ending ending,
            String toolTag) {
        RunningCall running = RunningCall.ended(call, origin.streamId(), startedNanos, error, ending);
        timer(toolTag, ending).record(running.elapsedMillis(), TimeUnit.MILLISECONDS);
        return running;
    }

    private void record(CircuitBreaker breaker, RunningCall running, RunningCall.@Nullable Outcome outcome) {
        if (outcome == null) {
            breaker.releasePermission();
            return;
        }
        long millis = outcome.result().durationMs();
        switch (outcome.ending()) {
            case TOOL_FAILED, TIMED_OUT -> breaker.onError(millis, TimeUnit.MILLISECONDS,
                    new IllegalStateException(String.valueOf(outcome.result().error())));
            case CANCELLED, REJECTED -> breaker.releasePermission();
            default -> breaker.onSuccess(millis, TimeUnit.MILLISECONDS);
        }
        timer(running.toolName(), outcome.ending()).record(millis, TimeUnit.MILLISECONDS);
    }

    private Timer timer(String tool, Ending ending) {
        return Timer.builder("janus.tool.calls").description("Tool calls by tool and how they ended")
                .tag("tool", tool).tag("outcome", ending.name().toLowerCase(java.util.Locale.ROOT)).register(meters);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
        deadlines.shutdownNow();
    }
}
