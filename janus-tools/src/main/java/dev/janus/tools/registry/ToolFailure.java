package dev.janus.tools.registry;

import org.jspecify.annotations.Nullable;

/**
 * A tool call failed, with a reason a user can read ("division by zero"). Whether the fault lies with the
 * input or with the tool decides what happens next: only faults of the tool count against its circuit
 * breaker, and only they are retried (for idempotent tools).
 */
public final class ToolFailure extends Exception {

    private final boolean faultOfTool;
    private final String reason;

    private ToolFailure(String reason, boolean faultOfTool, @Nullable Throwable cause) {
        super(reason, cause, false, false);
        this.faultOfTool = faultOfTool;
        this.reason = reason;
    }

    /** The input cannot be served as given: bad arguments, an impossible calculation, an address refused. */
    public static ToolFailure badInput(String reason) {
        return new ToolFailure(reason, false, null);
    }

    /** The tool could not do its work: a server down, an I/O error. Counts against the breaker; retried if idempotent. */
    public static ToolFailure unavailable(String reason) {
        return new ToolFailure(reason, true, null);
    }

    /** Like {@link #unavailable(String)}, keeping the cause for the log. */
    public static ToolFailure unavailable(String reason, Throwable cause) {
        return new ToolFailure(reason, true, cause);
    }

    /** The reason, for the user. */
    public String reason() {
        return reason;
    }

    /** Whether the tool rather than the input was at fault. */
    public boolean faultOfTool() {
        return faultOfTool;
    }
}
