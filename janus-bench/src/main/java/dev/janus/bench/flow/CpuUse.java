package dev.janus.bench.flow;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

import dev.janus.bench.MachineLoad;

/**
 * Where the CPU went over a stretch of a benchmark: this JVM (the bench, the orchestrator and its classifier's native
 * threads; the JIT compiler's share given separately), its child processes (the bench's redis-server) and everything
 * else on the machine, in cores' worth. The JIT's share is the compilation time the JVM reports, elapsed time summed
 * over its compiler threads: close to their CPU on an idle machine, more than it when they wait for a core.
 */
final class CpuUse {

    private final Optional<MachineLoad> machine;
    private final long jvmCpuNanos;
    private final long compileMillis;
    private final long wallNanos;

    private CpuUse(Optional<MachineLoad> machine, long jvmCpuNanos, long compileMillis, long wallNanos) {
        this.machine = machine;
        this.jvmCpuNanos = jvmCpuNanos;
        this.compileMillis = compileMillis;
        this.wallNanos = wallNanos;
    }

    /** The counters now. */
    static CpuUse sample() {
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        return new CpuUse(MachineLoad.sample(), jvm, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                System.nanoTime());
    }

    /** What was used between {@code earlier} and this sample, for a table note; empty where it cannot be told. */
    String since(CpuUse earlier) {
        double wall = wallNanos - earlier.wallNanos;
        if (wall <= 0 || jvmCpuNanos < 0 || earlier.jvmCpuNanos < 0) {
            return "";
        }
        double jvm = (jvmCpuNanos - earlier.jvmCpuNanos) / wall;
        double jit = (compileMillis - earlier.compileMillis) * 1e6 / wall;
        int cores = Runtime.getRuntime().availableProcessors();
        if (machine.isEmpty() || earlier.machine.isEmpty()) {
            return String.format(Locale.ROOT, "CPU: this JVM %.2f (JIT compile time %.2f) of %d cores", jvm, jit, cores);
        }
        double ours = machine.get().ownCoresSince(earlier.machine.get());
        double others = machine.get().foreignCoresSince(earlier.machine.get());
        return String.format(Locale.ROOT, "CPU: this JVM %.2f (JIT compile time %.2f), redis-server %.2f, other processes "
                + "%.2f of %d cores", jvm, jit, Math.max(0, ours - jvm), others, cores);
    }
}
