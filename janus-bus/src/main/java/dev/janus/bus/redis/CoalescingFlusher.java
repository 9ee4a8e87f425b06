package dev.janus.bus.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.janus.redis.BusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the commands queued on a connection whose automatic flushing is off, soon after they are queued: one write
 * carries every command queued while its thread woke. For the publish path, where a write (a system call) per command
 * costs more than the command. Thread-safe.
 */
final class CoalescingFlusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescingFlusher.class);

    private final BusConnection connection;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    /** Turns {@code connection}'s automatic flushing off and starts the flusher's thread, named {@code name}. */
    CoalescingFlusher(BusConnection connection, String name) {
        this.connection = connection;
        connection.setAutoFlushCommands(false);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Asks for what was queued before this call to be sent. */
    void flushSoon() {
        if (!requested.get() && requested.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closed) {
            if (requested.getAndSet(false)) {
                try {
                    connection.flushCommands();
                }
                catch (RuntimeException e) {
                    // the connection is down or closing: its commands fail on their own (reconnect or timeout)
                    log.debug("Could not flush the publish connection: {}", e.toString());
                }
            }
            else {
                LockSupport.park(this);
            }
        }
    }

    /** Sends what is queued and stops the thread; the connection stays open. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        connection.flushCommands();
    }
}
