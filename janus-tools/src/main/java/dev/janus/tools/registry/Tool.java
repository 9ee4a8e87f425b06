package dev.janus.tools.registry;

import java.time.Duration;
import java.util.Map;

import dev.janus.events.ToolDefinition;

/**
 * A tool Janus can run: its definition (name, description, JSON schema of its arguments) and what it does.
 * The execution engine has validated the arguments against the schema before {@link #execute} is called,
 * and runs it on a thread of its own, under a timeout, a concurrency limit and a circuit breaker.
 */
public interface Tool {

    /** What the tool is called, what it does and what arguments it takes. */
    ToolDefinition definition();

    /**
     * Runs the call and returns its output: a readable sentence or a clear value, since replies may quote it.
     * Blocking is fine; a long wait must be interruptible, because a timeout or a cancellation interrupts it.
     *
     * @throws ToolFailure with a reason a user can read
     * @throws InterruptedException when the call was cancelled or timed out while waiting
     */
    String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException;

    /**
     * How long this call may run: by default the configured timeout; long-running tools (a timer) derive it
     * from their arguments.
     */
    default Duration timeout(Map<String, Object> arguments, Duration configured) {
        return configured;
    }

    /**
     * Whether a call stops soon after its thread is interrupted: it checks for interruption, or waits only in
     * ways that end on it. A call of such a tool that timed out or was cancelled keeps its concurrency slot until
     * it has really stopped. A tool that may block where interruption does not reach (socket I/O, an MCP request)
     * answers false, the default: its call frees its slot at the timeout and counts as abandoned while it runs
     * on, and while {@code janus.tools.max-abandoned-per-tool} of them run on, its further calls fail at once.
     */
    default boolean stopsWhenInterrupted() {
        return false;
    }

    /** The tool's name, as in its definition. */
    default String name() {
        return definition().name();
    }
}
