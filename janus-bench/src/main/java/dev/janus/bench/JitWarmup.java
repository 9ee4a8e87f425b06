package dev.janus.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Warm-up that lasts until the JIT has compiled the hot paths: rounds of load until a round spends less than
 * {@value #QUIET_SHARE} of its wall time in the JIT compiler threads, at most a given number of rounds. A fixed
 * warm-up was not enough on 2 cores: profiles showed the C2 compiler threads taking 28 % of the CPU through the flow
 * benchmark's measured rates, and 12.7 s of CPU through the Redis consumer figures, competing with the code measured.
 *
 * @param round what one round of load does, for the table's note
 */
public record JitWarmup(String round, double seconds, int rounds, double lastShare, boolean quiet) {

    /** The share of a round's wall time in the compiler below which the JIT counts as quiet. */
    static final double QUIET_SHARE = 0.05;

    /** Runs {@code load} (one round of load, described by {@code round}) until the JIT is quiet, at most {@code maxRounds}. */
    public static JitWarmup until(String round, int maxRounds, Round load) throws Exception {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        double share = 1;
        int rounds = 0;
        while (rounds < maxRounds && share >= QUIET_SHARE) {
            long compiledBefore = compiler.getTotalCompilationTime();
            long roundStart = System.nanoTime();
            load.run();
            double wallMillis = (System.nanoTime() - roundStart) / 1e6;
            share = (compiler.getTotalCompilationTime() - compiledBefore) / wallMillis;
            rounds++;
        }
        return new JitWarmup(round, (System.nanoTime() - start) / 1e9, rounds, share, share < QUIET_SHARE);
    }

    /** How the warm-up went, for the table's note. */
    public String describe() {
        return String.format(Locale.ROOT, "%d rounds of %s until the JIT compiler took less than %.0f %% of a round "
                + "(last round: %.1f %%)%s", rounds, round, QUIET_SHARE * 100, lastShare * 100,
                quiet ? "" : "; NOT quiet yet, stopped there");
    }

    /** One round of load. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }
}
