package dev.janus.tools.registry;

/** Receives the progress of a long-running call; the engine publishes it as {@code tools.execution.progress}. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that drops progress. */
    ProgressListener NONE = (fraction, message) -> {
    };

    /**
     * Reports progress.
     *
     * @param fraction how much is done, 0..1
     * @param message a short status for people, such as "4 minutes left"
     */
    void report(double fraction, String message);
}
