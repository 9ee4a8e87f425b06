package dev.janus.tools.execution;

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
    private final Behaviour behaviour;
    final AtomicInteger runs = new AtomicInteger();

    ScriptedTool(String name, boolean idempotent, Behaviour behaviour) {
        this.definition = new ToolDefinition(name, "a tool for tests", ParametersSchema.object().build(), idempotent,
                "builtin");
        this.behaviour = behaviour;
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
    public String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException {
        return behaviour.run(invocation, runs.incrementAndGet());
    }
}
