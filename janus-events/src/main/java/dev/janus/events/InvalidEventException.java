package dev.janus.events;

/**
 * Thrown when an event, or the JSON it was read from, breaks the contract. The message names the
 * offending field and the rule it broke, e.g. {@code content.text must be at most 32768 characters,
 * but was 40000}.
 */
public class InvalidEventException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    /**
     * @param field the dotted path of the field, as it appears on the wire ({@code content.text})
     * @param problem what is wrong with it, phrased to follow the field name
     */
    public InvalidEventException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The offending field and the rule it broke (never null, unlike {@link Throwable#getMessage()}). */
    @Override
    public String getMessage() {
        return field + " " + problem;
    }

    /** The dotted wire path of the offending field. */
    public String field() {
        return field;
    }

    /** The same problem, reported for a field nested under {@code parent}. */
    InvalidEventException under(String parent) {
        InvalidEventException nested = new InvalidEventException(parent + "." + field, problem);
        nested.initCause(getCause());
        return nested;
    }
}
