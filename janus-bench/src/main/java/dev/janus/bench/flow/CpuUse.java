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

    /** The seconds between {@code earlier} and this sample. */
    double secondsSince(CpuUse earlier) {
        return (wallNanos - earlier.wallNanos) / 1e9;
    }

    /** What was used between {@code earlier} and this sample, for a table note; empty where it cannot be told. */
    String since(CpuUse earlier) {
        Optional<Cores> cores = coresSince(earlier);
        if (cores.isEmpty()) {
            return "";
        }
        Cores used = cores.get();
        int count = Runtime.getRuntime().availableProcessors();
        if (used.redis() < 0) {
            return String.format(Locale.ROOT, "CPU: this JVM %.2f (JIT compile time %.2f) of %d cores", used.jvm(),
                    used.jit(), count);
        }
        return String.format(Locale.ROOT, "CPU: this JVM %.2f (JIT compile time %.2f), redis-server %.2f, other processes "
                + "%.2f of %d cores", used.jvm(), used.jit(), used.redis(), used.others(), count);
    }

    /** The cores' worth used between {@code earlier} and this sample; empty where it cannot be told. */
    Optional<Cores> coresSince(CpuUse earlier) {
        double wall = wallNanos - earlier.wallNanos;
        if (wall <= 0 || jvmCpuNanos < 0 || earlier.jvmCpuNanos < 0) {
            return Optional.empty();
        }
        double jvm = (jvmCpuNanos - earlier.jvmCpuNanos) / wall;
        double jit = (compileMillis - earlier.compileMillis) * 1e6 / wall;
        if (machine.isEmpty() || earlier.machine.isEmpty()) {
            return Optional.of(new Cores(jvm, jit, -1, -1));
        }
        double ours = machine.get().ownCoresSince(earlier.machine.get());
        double others = machine.get().foreignCoresSince(earlier.machine.get());
        return Optional.of(new Cores(jvm, jit, Math.max(0, ours - jvm), others));
    }

    /**
     * Cores' worth of CPU.
     *
     * @param jvm this JVM, its JIT compiler included
     * @param jit the JIT compiler's compilation time
     * @param redis the JVM's child processes (the bench's redis-server); -1 where they cannot be told
     * @param others every other process; -1 where it cannot be told
     */
    record Cores(double jvm, double jit, double redis, double others) {
    }
}
