package dev.janus.bus.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.janus.redis.BusConnection;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the commands queued on a connection whose automatic flushing is off, as the rate of commands asks. A command
 * queued after a pause (more than {@value #BUSY_GAP_NANOS} ns since the one before) is flushed at once on the caller's
 * thread, as automatic flushing would: on a quiet bus a publish waits for no other thread, which on a loaded machine
 * can mean waiting for a core. A command that follows closely leaves its flush to the flusher's thread, whose one write
 * carries every command queued while it woke: on a busy bus, where a write (a system call) per command costs more than
 * the command, many go per write. Thread-safe.
 * <p>
 * Commands leave in the order they were queued: one flush at a time takes what is queued and hands it to the
 * connection's I/O thread, which writes the hand-offs in turn; and a Netty thread, which may be that I/O thread and
 * would write its own flush at once, ahead of one handed to it earlier, always leaves its flush to the flusher's
 * thread.
 */
final class CoalescingFlusher implements AutoCloseable {

    /** Commands closer together than this are flushed by the flusher's thread. */
    static final long BUSY_GAP_NANOS = 20_000;

    private static final Logger log = LoggerFactory.getLogger(CoalescingFlusher.class);

    private final BusConnection connection;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile long lastQueued = System.nanoTime() - BUSY_GAP_NANOS;
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

    /** Asks for what was queued before this call to be sent: now on this thread after a pause, else soon. */
    void flushSoon() {
        long now = System.nanoTime();
        long previous = lastQueued;
        lastQueued = now;
        if (now - previous > BUSY_GAP_NANOS && !(Thread.currentThread() instanceof FastThreadLocalThread)) {
            flush();
        }
        else if (!requested.get() && requested.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void flush() {
        try {
            flushInTurn();
        }
        catch (RuntimeException e) {
            // the connection is down or closing: its commands fail on their own (reconnect or timeout)
            log.debug("Could not flush the publish connection: {}", e.toString());
        }
    }

    private void run() {
        while (!closed) {
            if (requested.getAndSet(false)) {
                flush();
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
        flushInTurn();
    }

    /** One flush at a time: each hands what it took to the I/O thread before the next takes more. */
    private void flushInTurn() {
        synchronized (connection) {
            connection.flushCommands();
        }
    }
}
