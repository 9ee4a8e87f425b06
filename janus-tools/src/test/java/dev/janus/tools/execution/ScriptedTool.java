package dev.janus.tools.execution;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;

/** A tool for tests whose behaviour the test writes; counts its runs. */
final class ScriptedTool implements Tool {

    @FunctionalInterface
    interface Behaviour {
        String run(ToolInvocation invocation, int attempt) throws ToolFailure, InterruptedException;
    }

    private final ToolDefinition definition;
    private final boolean stopsWhenInterrupted;
    private final Behaviour behaviour;
    final AtomicInteger runs = new AtomicInteger();

    ScriptedTool(String name, boolean idempotent, Behaviour behaviour) {
        this(name, idempotent, false, behaviour);
    }

    ScriptedTool(String name, boolean idempotent, boolean stopsWhenInterrupted, Behaviour behaviour) {
        this.definition = new ToolDefinition(name, "a tool for tests", ParametersSchema.object().build(), idempotent,
                "builtin");
        this.stopsWhenInterrupted = stopsWhenInterrupted;
        this.behaviour = behaviour;
    }

    /** Stops when interrupted, but only once {@code release} opens: its thread outlives its call by that long. */
    static ScriptedTool stoppingLate(String name, CountDownLatch release) {
        return new ScriptedTool(name, false, true, (invocation, attempt) -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
                return "never";
            }
            catch (InterruptedException e) {
                awaitIgnoringInterrupts(release);
                throw e;
            }
        });
    }

    /** Ignores interruption until {@code release} opens, as a blocking socket read does; then answers "released". */
    static ScriptedTool unstoppable(String name, CountDownLatch release) {
        return new ScriptedTool(name, false, false, (invocation, attempt) -> {
            awaitIgnoringInterrupts(release);
            return "released";
        });
    }

    private static void awaitIgnoringInterrupts(CountDownLatch release) {
        boolean interrupted = false;
        while (true) {
            try {
                release.await();
                break;
            }
            catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until interrupted. */
    static ScriptedTool hanging(String name) {
        return new ScriptedTool(name, false, (invocation, attempt) -> {
            Thread.sleep(Long.MAX_VALUE);
            return "never";
        });
    }

    static ScriptedTool failing(String name, boolean idempotent) {
        return new ScriptedTool(name, idempotent, (invocation, attempt) -> {
            throw ToolFailure.unavailable("the backend of " + name + " is down");
        });
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean stopsWhenInterrupted() {
        return stopsWhenInterrupted;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException {
        return behaviour.run(invocation, runs.incrementAndGet());
    }
}
