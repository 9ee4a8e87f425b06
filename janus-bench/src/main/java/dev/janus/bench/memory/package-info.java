/** Benchmarks of memory: embedding throughput, retrieval latency and footprint of the recall index. */
@NullMarked
package dev.janus.bench.memory;

import org.jspecify.annotations.NullMarked;
