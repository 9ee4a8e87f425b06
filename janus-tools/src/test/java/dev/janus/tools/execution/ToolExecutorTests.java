package dev.janus.tools.execution;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.janus.events.ToolCall;
import dev.janus.events.ToolDefinition;
import dev.janus.events.ToolResult;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.calculator.CalculatorTool;
import dev.janus.tools.registry.CallOrigin;
import dev.janus.tools.registry.ProgressListener;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ToolExecutorTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ToolExecutor executor;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ToolExecutor executor(List<Tool> tools, ToolsProperties properties) {
        executor = new ToolExecutor(new ToolRegistry(tools), properties, CircuitBreakerRegistry.ofDefaults(), meters);
        return executor;
    }

    private static ToolsProperties properties(Duration timeout, int maxConcurrent, int breakerMinimumCalls,
            int retryAttempts) {
        return properties(timeout, maxConcurrent, breakerMinimumCalls, retryAttempts, null);
    }

    private static ToolsProperties properties(Duration timeout, int maxConcurrent, int breakerMinimumCalls,
            int retryAttempts, @Nullable Integer maxAbandoned) {
        return new ToolsProperties(timeout, maxConcurrent, maxAbandoned, null, 8, null, null,
                new ToolsProperties.Breaker(50, breakerMinimumCalls, breakerMinimumCalls, Duration.ofMinutes(1)),
                new ToolsProperties.Retry(retryAttempts, Duration.ofMillis(1)), null, null, null, null, null, null);
    }

    private static ToolResult run(ToolExecutor executor, String tool, Map<String, Object> arguments) throws Exception {
        return start(executor, tool, arguments).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RunningCall start(ToolExecutor executor, String tool, Map<String, Object> arguments) {
        return executor.start(new ToolCall("call-1", tool, arguments), CallOrigin.DIRECT, ProgressListener.NONE,
                startedCall -> CompletableFuture.completedFuture(null));
    }

    @AfterEach
    void close() {
        executor.close();
    }

    @Nested
    class BeforeRunning {

        @Test
        void failsAnUnknownToolNamingTheKnownOnes() throws Exception {
            ToolResult result = run(executor(List.of(new CalculatorTool()), ToolsProperties.defaults()), "teleport", Map.of());
            assertThat(result.error()).isEqualTo("unknown tool 'teleport'; the tools are calculator");
        }

        @Test
        void failsArgumentsThatDoNotFitTheSchema() throws Exception {
            ToolResult result = run(executor(List.of(new CalculatorTool()), ToolsProperties.defaults()), "calculator",
                    Map.of("expresion", "1 + 1"));
            assertThat(result.error()).startsWith("invalid arguments for calculator: arguments.expression is required; "
                    + "arguments.expresion is not a parameter of this tool");
        }

        @Test
        void failsOversizedArguments() throws Exception {
            ToolResult result = run(executor(List.of(new CalculatorTool()), ToolsProperties.defaults()), "calculator",
                    Map.of("expression", "1".repeat(20_000)));
            assertThat(result.error()).matches("the arguments of calculator are \\d+ bytes of JSON, more than the 16384 allowed");
        }

        @Test
        void checksASchemaPatternInTimeLinearInTheValue() throws Exception {
            // given: a pattern that backtracks exponentially in java.util.regex, from a tool's schema
            Tool lookup = new Tool() {
                @Override
                public ToolDefinition definition() {
                    return new ToolDefinition("lookup", "looks up a name", Map.of("type", "object", "properties",
                            Map.of("name", Map.of("type", "string", "pattern", "^(a+)+$"))), true, "mcp");
                }

                @Override
                public String execute(ToolInvocation invocation) {
                    return "found";
                }
            };
            ToolExecutor executor = executor(List.of(lookup), ToolsProperties.defaults());

            // when
            ToolResult result = assertTimeoutPreemptively(PER_CALL_BOUND,
                    () -> run(executor, "lookup", Map.of("name", "a".repeat(15_000) + "!")));

            // then
            assertThat(result.error()).isEqualTo("invalid arguments for lookup: arguments.name: does not match the regex pattern ^(a+)+$");
        }

        @Test
        void doesNotStartACallThatFailsItsChecks() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            executor(List.of(new CalculatorTool()), ToolsProperties.defaults())
                    .start(new ToolCall("c", "calculator", Map.of()), CallOrigin.DIRECT, ProgressListener.NONE,
                            startedCall -> {
                                started.countDown();
                                return CompletableFuture.completedFuture(null);
                            }).result().get(10, TimeUnit.SECONDS);
            assertThat(started.getCount()).isEqualTo(1);
        }
    }

    @Nested
    class WhileRunning {

        @Test
        void completesWithTheToolsOutput() throws Exception {
            ToolResult result = run(executor(List.of(new CalculatorTool()), ToolsProperties.defaults()), "calculator",
                    Map.of("expression", "17 * 23"));
            assertThat(result.output()).isEqualTo("17 * 23 = 391");
            assertThat(result.succeeded()).isTrue();
            assertThat(meters.get("janus.tool.calls").tags("tool", "calculator", "outcome", "completed").timer().count())
                    .isEqualTo(1);
        }

        @Test
        void failsACallThatOutlivesItsTimeoutAndInterruptsIt() throws Exception {
            ScriptedTool hanging = ScriptedTool.hanging("slow");
            ToolResult result = run(executor(List.of(hanging), properties(Duration.ofMillis(200), 4, 100, 1)), "slow",
                    Map.of());
            assertThat(result.error()).isEqualTo("the slow tool did not finish within 0.2s");
        }

        @Test
        void cancelsARunningCall() throws Exception {
            RunningCall call = start(executor(List.of(ScriptedTool.hanging("slow")), ToolsProperties.defaults()), "slow",
                    Map.of());
            assertThat(call.cancel("the user interrupted")).isTrue();
            assertThat(call.result().get(10, TimeUnit.SECONDS).error()).isEqualTo("cancelled: the user interrupted");
            assertThat(call.cancel("again")).isFalse();
        }

        @Test
        void refusesCallsBeyondTheToolsConcurrencyLimit() throws Exception {
            ToolExecutor limited = executor(List.of(ScriptedTool.hanging("slow")), properties(Duration.ofMinutes(1), 2, 100, 1));
            RunningCall first = start(limited, "slow", Map.of());
            RunningCall second = start(limited, "slow", Map.of());
            ToolResult third = start(limited, "slow", Map.of()).result().get(10, TimeUnit.SECONDS);
            assertThat(third.error()).isEqualTo("the slow tool is busy with 2 calls already; try again shortly");
            first.cancel("done");
            second.cancel("done");
            first.result().get(10, TimeUnit.SECONDS);
            second.result().get(10, TimeUnit.SECONDS);
            // a slot is free again
            RunningCall fourth = start(limited, "slow", Map.of());
            assertThat(fourth.result()).isNotDone();
            fourth.cancel("done");
        }

        @Test
        void theLastQuarterOfAToolsSlotsIsKeptForOtherUsers() throws Exception {
            // given eight slots of a slow tool, the last two kept for users running fewer than two calls of it
            ToolExecutor limited = executor(List.of(ScriptedTool.hanging("slow")), properties(Duration.ofMinutes(1), 8, 100, 1));
            List<RunningCall> adas = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                adas.add(startAs(limited, "ada", i));
            }

            // when
            ToolResult adasSeventh = startAs(limited, "ada", 6).result().get(10, TimeUnit.SECONDS);
            RunningCall bobs = startAs(limited, "bob", 7);

            // then ada's six ran side by side, her seventh is refused, bob's runs
            assertThat(adas).allSatisfy(call -> assertThat(call.result()).isNotDone());
            assertThat(adasSeventh.error()).startsWith("the slow tool's last 2 free slots are kept for other users")
                    .contains("janus.tools.max-concurrent-per-tool");
            assertThat(bobs.result()).isNotDone();
            adas.forEach(call -> call.cancel("done"));
            bobs.cancel("done");
        }

        private RunningCall startAs(ToolExecutor executor, String userId, int call) {
            return executor.start(new ToolCall("call-" + call, "slow", Map.of()), new CallOrigin("request-1",
                    "conversation", "request-1", "0af7651916cd43dd8448eb211c80319c", userId, "chat"),
                    ProgressListener.NONE, running -> CompletableFuture.completedFuture(null));
        }
    }

    @Nested
    class WhenCallsOutliveTheirTimeout {

        @Test
        void aToolThatStopsWhenInterruptedKeepsItsSlotUntilItHasStopped() throws Exception {
            // given: one slot, and a tool that stops late
            CountDownLatch release = new CountDownLatch(1);
            ToolExecutor limited = executor(List.of(ScriptedTool.stoppingLate("slow", release)),
                    properties(Duration.ofMillis(300), 1, 100, 1));
            RunningCall first = start(limited, "slow", Map.of());
            assertThat(first.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                    .isEqualTo("the slow tool did not finish within 0.3s");

            // when its result is out but its thread still runs
            ToolResult refused = run(limited, "slow", Map.of());

            // then the slot is still taken
            assertThat(first.stopped()).isNotDone();
            assertThat(refused.error()).isEqualTo("the slow tool is busy with 1 calls already; try again shortly");

            // and once the thread has stopped, it is free again
            release.countDown();
            first.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !run(limited, "slow", Map.of()).error().contains("busy"));
            assertThat(meters.find("janus.tool.calls.abandoned").counter()).isNull();
        }

        @Test
        void aToolThatCannotBeStoppedFreesItsSlotAtTheTimeoutAndIsCountedAbandoned() throws Exception {
            // given: one slot, at most two abandoned calls, and a tool that ignores interrupts
            CountDownLatch release = new CountDownLatch(1);
            ScriptedTool fetch = ScriptedTool.unstoppable("fetch", release);
            ToolExecutor limited = executor(List.of(fetch), properties(Duration.ofMillis(300), 1, 100, 1, 2));

            // when two calls time out, the second taking the slot the first freed at its timeout
            RunningCall first = start(limited, "fetch", Map.of());
            assertThat(first.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                    .isEqualTo("the fetch tool did not finish within 0.3s");
            RunningCall second = start(limited, "fetch", Map.of());
            assertThat(second.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                    .isEqualTo("the fetch tool did not finish within 0.3s");

            // then both run on, abandoned, and the next call fails at once
            assertThat(first.stopped()).isNotDone();
            assertThat(second.stopped()).isNotDone();
            assertThat(meters.get("janus.tool.calls.abandoned").tag("tool", "fetch").counter().count()).isEqualTo(2);
            assertThat(meters.get("janus.tool.calls.abandoned.running").tag("tool", "fetch").gauge().value())
                    .isEqualTo(2);
            assertThat(run(limited, "fetch", Map.of()).error()).isEqualTo("the fetch tool is refusing calls: abandoned "
                    + "calls still running past their timeout: 2 of at most 2; try again once they finish");
            assertThat(fetch.runs).hasValue(2);

            // and once they finish, calls run again
            release.countDown();
            await().atMost(WAIT).until(() -> meters.get("janus.tool.calls.abandoned.running").tag("tool", "fetch")
                    .gauge().value() == 0);
            assertThat(run(limited, "fetch", Map.of()).output()).isEqualTo("released");
        }

        @Test
        void aCancelledCallOfAToolThatCannotBeStoppedIsAbandonedToo() throws Exception {
            // given: a call whose tool has started
            CountDownLatch release = new CountDownLatch(1);
            ScriptedTool fetch = ScriptedTool.unstoppable("fetch", release);
            ToolExecutor executor = executor(List.of(fetch), properties(Duration.ofMinutes(1), 1, 100, 1, 1));
            RunningCall call = start(executor, "fetch", Map.of());
            await().atMost(WAIT).until(() -> fetch.runs.get() == 1);

            // when
            call.cancel("the user interrupted");

            // then
            assertThat(call.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                    .isEqualTo("cancelled: the user interrupted");
            assertThat(meters.get("janus.tool.calls.abandoned").tag("tool", "fetch").counter().count()).isEqualTo(1);
            release.countDown();
            call.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Nested
    class WhileTheStartIsAnnounced {

        @Test
        void anIdempotentToolRunsMeanwhileAndItsCallIsReturnedOnceTheAnnouncementIsOut() throws Exception {
            // given
            CountDownLatch ran = new CountDownLatch(1);
            ScriptedTool lookup = new ScriptedTool("lookup", true, (invocation, attempt) -> {
                ran.countDown();
                return "found";
            });
            ToolExecutor tools = executor(List.of(lookup), properties(Duration.ofSeconds(10), 4, 100, 1));
            CompletableFuture<Void> announcement = new CompletableFuture<>();

            // when
            CompletableFuture<RunningCall> started = CompletableFuture.supplyAsync(() -> tools.start(
                    new ToolCall("call-1", "lookup", Map.of()), CallOrigin.DIRECT, ProgressListener.NONE,
                    call -> announcement));

            // then
            assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("ran before its start was announced").isTrue();
            assertThat(started).isNotDone();
            announcement.complete(null);
            assertThat(started.get(WAIT.toSeconds(), TimeUnit.SECONDS).result().get(WAIT.toSeconds(),
                    TimeUnit.SECONDS).output()).isEqualTo("found");
        }

        @Test
        void anIdempotentToolWhoseStartCouldNotBeAnnouncedIsCancelledAndItsThreadInterrupted() throws Exception {
            // given: a call running, its announcement still out
            CountDownLatch running = new CountDownLatch(1);
            ScriptedTool lookup = new ScriptedTool("lookup", true, true, (invocation, attempt) -> {
                running.countDown();
                Thread.sleep(Long.MAX_VALUE); // until interrupted
                return "never";
            });
            ToolExecutor tools = executor(List.of(lookup), properties(Duration.ofMinutes(1), 4, 100, 1));
            CompletableFuture<Void> announcement = new CompletableFuture<>();
            List<RunningCall> announced = new CopyOnWriteArrayList<>();
            CompletableFuture<RunningCall> started = CompletableFuture.supplyAsync(() -> tools.start(
                    new ToolCall("call-1", "lookup", Map.of()), CallOrigin.DIRECT, ProgressListener.NONE, call -> {
                        announced.add(call);
                        return announcement;
                    }));
            assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // when
            announcement.completeExceptionally(new IllegalStateException("the bus is down"));

            // then
            assertThatThrownBy(() -> started.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .hasRootCauseMessage("the bus is down");
            RunningCall call = announced.get(0);
            assertThat(call.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                    .isEqualTo("cancelled: its start could not be announced");
            call.stopped().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Test
        void aToolWithEffectsNeverRunsWhenItsStartCouldNotBeAnnounced() {
            // given
            ScriptedTool mailer = new ScriptedTool("mailer", false, (invocation, attempt) -> "sent");
            ToolExecutor tools = executor(List.of(mailer), properties(Duration.ofSeconds(10), 4, 100, 1));
            List<RunningCall> announced = new ArrayList<>();

            // when
            assertThatThrownBy(() -> tools.start(new ToolCall("call-1", "mailer", Map.of()), CallOrigin.DIRECT,
                    ProgressListener.NONE, call -> {
                        announced.add(call);
                        return CompletableFuture.failedFuture(new IllegalStateException("the bus is down"));
                    })).hasRootCauseMessage("the bus is down");

            // then: never handed to a thread, so it never runs
            RunningCall call = announced.get(0);
            assertThat(call.stopped()).isDone();
            assertThat(call.result().join().error()).isEqualTo("the mailer tool could not be started");
            assertThat(mailer.runs).hasValue(0);
        }
    }

    @Nested
    class WhenToolsFail {

        @Test
        void retriesAnIdempotentToolUntilItSucceeds() throws Exception {
            ScriptedTool flaky = new ScriptedTool("flaky", true, (invocation, attempt) -> {
                if (attempt < 3) {
                    throw dev.janus.tools.registry.ToolFailure.unavailable("try again");
                }
                return "fine on attempt " + attempt;
            });
            ToolResult result = run(executor(List.of(flaky), properties(Duration.ofSeconds(10), 4, 100, 3)), "flaky",
                    Map.of());
            assertThat(result.output()).isEqualTo("fine on attempt 3");
        }

        @Test
        void neverRetriesAToolThatIsNotIdempotent() throws Exception {
            ScriptedTool failing = ScriptedTool.failing("mailer", false);
            ToolResult result = run(executor(List.of(failing), properties(Duration.ofSeconds(10), 4, 100, 3)), "mailer",
                    Map.of());
            assertThat(result.error()).isEqualTo("the backend of mailer is down");
            assertThat(failing.runs).hasValue(1);
        }

        @Test
        void neverRetriesBadInput() throws Exception {
            CalculatorTool calculator = new CalculatorTool();
            ToolResult result = run(executor(List.of(calculator), properties(Duration.ofSeconds(10), 4, 100, 3)),
                    "calculator", Map.of("expression", "1 / 0"));
            assertThat(result.error()).isEqualTo("cannot calculate '1 / 0': division by zero at position 5");
        }

        @Test
        void opensTheBreakerAfterRepeatedFailuresAndFailsFast() throws Exception {
            ScriptedTool failing = ScriptedTool.failing("weather", false);
            ToolExecutor breaking = executor(List.of(failing), properties(Duration.ofSeconds(10), 4, 4, 1));
            for (int i = 0; i < 4; i++) {
                assertThat(run(breaking, "weather", Map.of()).error()).isEqualTo("the backend of weather is down");
            }
            ToolResult refused = run(breaking, "weather", Map.of());
            assertThat(refused.error()).isEqualTo(
                    "the weather tool is temporarily unavailable after repeated failures; try again in 1m");
            assertThat(failing.runs).hasValue(4);
        }

        @Test
        void badInputDoesNotOpenTheBreaker() throws Exception {
            ToolExecutor calculating = executor(List.of(new CalculatorTool()), properties(Duration.ofSeconds(10), 4, 4, 1));
            for (int i = 0; i < 6; i++) {
                run(calculating, "calculator", Map.of("expression", "1 / 0"));
            }
            assertThat(run(calculating, "calculator", Map.of("expression", "2 + 2")).output()).isEqualTo("2 + 2 = 4");
        }
    }
}
