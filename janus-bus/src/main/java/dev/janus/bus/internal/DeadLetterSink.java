package dev.janus.bus.internal;

import java.util.concurrent.CompletableFuture;

import dev.janus.bus.DeadLetter;

/** Where an engine writes dead letters; the future completes once the letter is stored. */
@FunctionalInterface
public interface DeadLetterSink {

    CompletableFuture<Void> write(DeadLetter letter);
}
