package dev.janus.models;

import java.util.concurrent.ForkJoinPool;

/**
 * Makes the JVM's common pool run at least two threads. With fewer than three processors the JDK sizes it to one
 * thread, and then {@code CompletableFuture}'s asynchronous steps without an executor of their own each start a new
 * thread (the JDK falls back to a thread per task): the model clients (OpenAI's SDK under Spring AI) run such
 * steps for every request, so on a two-core machine every model call paid for creating a thread. Call it first in
 * {@code main}, before anything touches the common pool; a {@code java.util.concurrent.ForkJoinPool.common.parallelism}
 * set on the command line wins.
 */
public final class CommonPoolParallelism {

    static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final int AT_LEAST = 2;

    private CommonPoolParallelism() {
    }

    /** Sets the common pool's parallelism to two when the JDK would choose less and nothing else was set. */
    public static void ensure() {
        if (System.getProperty(PROPERTY) == null && Runtime.getRuntime().availableProcessors() - 1 < AT_LEAST) {
            System.setProperty(PROPERTY, Integer.toString(AT_LEAST));
        }
    }

    /** The common pool's parallelism in effect. */
    public static int current() {
        return ForkJoinPool.getCommonPoolParallelism();
    }
}
