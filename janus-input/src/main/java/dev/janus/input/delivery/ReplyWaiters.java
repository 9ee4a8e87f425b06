package dev.janus.input.delivery;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.events.JanusEvent;

/** Requests on this node waiting for the reply to their message ({@code ?wait=}), by correlation id. */
public class ReplyWaiters {

    private final Map<String, CompletableFuture<JanusEvent>> waiting = new ConcurrentHashMap<>();

    /** Registers a waiter; register before publishing, so a fast reply is not missed. */
    public CompletableFuture<JanusEvent> register(String correlationId) {
        return waiting.computeIfAbsent(correlationId, key -> new CompletableFuture<>());
    }

    /** Forgets a waiter that gave up. */
    public void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    /** Completes the waiter of the reply's correlation id, if this node has one. */
    public void complete(JanusEvent reply) {
        CompletableFuture<JanusEvent> waiter = waiting.remove(reply.correlationId());
        if (waiter != null) {
            waiter.complete(reply);
        }
    }
}
