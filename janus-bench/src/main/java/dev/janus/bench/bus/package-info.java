/**
 * Benchmarks of the event bus: in-memory publish→handle throughput (JMH), Redis Streams throughput with one and
 * four consumers against raw XADD and a Spring Data Redis consumer, and end-to-end latency at a fixed rate.
 */
@NullMarked
package dev.janus.bench.bus;

import org.jspecify.annotations.NullMarked;
