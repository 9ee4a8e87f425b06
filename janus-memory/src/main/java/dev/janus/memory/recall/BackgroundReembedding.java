package dev.janus.memory.recall;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Re-embeds, once at start and on a thread of its own, every stored recall item whose vector another embedding model
 * made, so that a change of {@code janus.embeddings.model} heals without blocking start-up; until an item is
 * re-embedded, recall leaves it out. With the in-memory bus nothing is stored and there is nothing to do.
 */
public final class BackgroundReembedding implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundReembedding.class);

    private final Reembedding reembedding;
    private volatile @Nullable Thread worker;

    public BackgroundReembedding(Reembedding reembedding) {
        this.reembedding = reembedding;
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        Thread thread = new Thread(this::reembedAll, "janus-memory-reembedding");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    private void reembedAll() {
        try {
            reembedding.reembedAll();
        }
        catch (RuntimeException e) {
            // consolidation re-embeds each user it visits, so what is left here is picked up later
            log.warn("Re-embedding the recall items of another model stopped: {}", e.toString());
        }
    }

    /** Waits up to {@code millis} for the run started at start-up to end; whether it ended. */
    public boolean awaitFinished(long millis) throws InterruptedException {
        Thread thread = worker;
        if (thread == null) {
            return false;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public synchronized void stop() {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
