package dev.janus.bench.voice;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM at one moment, whole and split by who spent it: the input service's own threads (Tomcat's
 * {@code http-nio-*} that run the audio socket and its detector, and the bus lanes {@code janus-*} that run the
 * transcription component), and the bench's ({@code bench-*}: the ticker, the clients' executor, the transcription
 * server, and the bus lanes of its consumer group). The rest — the JDK HTTP clients' selector threads (the bench's WebSocket clients and the engine's client
 * alike), garbage collection and the JIT compilers — cannot be told apart by thread name and is reported as such.
 */
record CpuSplit(long wallNanos, long processNanos, Map<Long, Long> inputNanos, Map<Long, Long> benchNanos) {

    /** The bus lanes of the bench's own consumer group, named by the bus {@code janus-<group>-<lane>}. */
    private static final String BENCH_LANES = "janus-" + VoiceEvents.GROUP + "-";

    /** The counters now. */
    static CpuSplit sample() {
        long process = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> input = new HashMap<>();
        Map<Long, Long> bench = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("bench-") || name.startsWith(BENCH_LANES)) {
                bench.put(info.getThreadId(), cpu);
            }
            else if (name.startsWith("http-nio-") || name.startsWith("janus-")) {
                input.put(info.getThreadId(), cpu);
            }
        }
        return new CpuSplit(System.nanoTime(), process, input, bench);
    }

    /** Cores' worth of CPU this JVM used since {@code earlier}; negative when the platform cannot tell. */
    double processCores(CpuSplit earlier) {
        return processNanos < 0 || earlier.processNanos < 0 ? -1
                : (processNanos - earlier.processNanos) / (double) (wallNanos - earlier.wallNanos);
    }

    /** Cores' worth the input service's threads used since {@code earlier} (threads that ended in between are lost). */
    double inputCores(CpuSplit earlier) {
        return delta(inputNanos, earlier.inputNanos) / (double) (wallNanos - earlier.wallNanos);
    }

    /** Cores' worth the bench's own threads used since {@code earlier}. */
    double benchCores(CpuSplit earlier) {
        return delta(benchNanos, earlier.benchNanos) / (double) (wallNanos - earlier.wallNanos);
    }

    private static long delta(Map<Long, Long> now, Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> thread : now.entrySet()) {
            sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return sum;
    }
}
