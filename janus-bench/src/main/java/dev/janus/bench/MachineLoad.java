package dev.janus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How busy the machine was with work that is not the benchmark's: CPU time of the whole machine minus that of this
 * JVM, its children (a forked JMH JVM, the private redis-server) and their children, from Linux's {@code /proc}.
 * Benchmarks on a shared machine are only as good as it was quiet; this tells by how much it was not.
 */
public final class MachineLoad {

    private final long machineBusy;
    private final long machineTotal;
    private final long ours;

    private MachineLoad(long machineBusy, long machineTotal, long ours) {
        this.machineBusy = machineBusy;
        this.machineTotal = machineTotal;
        this.ours = ours;
    }

    /** The counters now; empty where {@code /proc} cannot be read (not Linux). */
    public static Optional<MachineLoad> sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long ours = processTicks(ProcessHandle.current().pid());
            for (ProcessHandle descendant : ProcessHandle.current().descendants().toList()) {
                ours += processTicks(descendant.pid());
            }
            return Optional.of(new MachineLoad(total - idle, total, ours));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Cores' worth of CPU that other processes used on average since {@code earlier}. */
    public double foreignCoresSince(MachineLoad earlier) {
        long total = machineTotal - earlier.machineTotal;
        if (total <= 0) {
            return 0;
        }
        long foreign = (machineBusy - earlier.machineBusy) - (ours - earlier.ours);
        double cores = Runtime.getRuntime().availableProcessors();
        return Math.max(0, foreign * cores / total);
    }

    /** Cores' worth of CPU that this JVM and its children used on average since {@code earlier}. */
    public double ownCoresSince(MachineLoad earlier) {
        long total = machineTotal - earlier.machineTotal;
        if (total <= 0) {
            return 0;
        }
        return Math.max(0, (ours - earlier.ours) * (double) Runtime.getRuntime().availableProcessors() / total);
    }

    /** User and system time of the process and of its children it has reaped, in clock ticks. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based)
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        }
        catch (IOException | RuntimeException e) {
            return 0; // the process ended in between
        }
    }
}
