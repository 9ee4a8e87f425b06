package dev.janus.memory.api;

/**
 * The body of every error response of memory's REST interface: {@code {"error": {"code": "...", "message": "..."}}},
 * the format of every Janus component.
 *
 * @param error what went wrong
 */
public record ApiError(Detail error) {

    /** An error with a code and a message saying what was wrong and how to fix it. */
    public static ApiError of(String code, String message) {
        return new ApiError(new Detail(code, message));
    }

    /**
     * @param code stable, machine-readable
     * @param message for people: what was wrong and how to fix it
     */
    public record Detail(String code, String message) {
    }
}
