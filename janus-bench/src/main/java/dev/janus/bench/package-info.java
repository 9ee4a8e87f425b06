/**
 * The benchmark command ({@link dev.janus.bench.BenchMain}): picks benchmarks by name, runs them against a
 * private redis-server, prints one table and writes it as JSON.
 */
@NullMarked
package dev.janus.bench;

import org.jspecify.annotations.NullMarked;
