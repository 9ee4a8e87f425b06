package dev.janus.bench.flow;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Warm-up that lasts until the JIT has compiled the hot paths: rounds of load until a round spends less than
 * {@value #QUIET_SHARE} of its wall time in the JIT compiler threads, at most {@value #MAX_ROUNDS} rounds. A fixed few
 * seconds was not enough on 2 cores: a profile of the flow benchmark showed the C2 compiler threads taking 28 % of
 * the CPU through the measured rates, competing with the handlers.
 */
record JitWarmup(double seconds, int rounds, double lastShare, boolean quiet) {

    /** Seconds of load per round. */
    static final int ROUND_SECONDS = 2;

    /** The share of a round's wall time in the compiler below which the JIT counts as quiet. */
    static final double QUIET_SHARE = 0.05;

    static final int MAX_ROUNDS = 30;

    /** Runs {@code round} (one round of load, about {@value #ROUND_SECONDS} s) until the JIT is quiet. */
    static JitWarmup until(Runnable round) {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        double share = 1;
        int rounds = 0;
        while (rounds < MAX_ROUNDS && share >= QUIET_SHARE) {
            long compiledBefore = compiler.getTotalCompilationTime();
            long roundStart = System.nanoTime();
            round.run();
            double wallMillis = (System.nanoTime() - roundStart) / 1e6;
            share = (compiler.getTotalCompilationTime() - compiledBefore) / wallMillis;
            rounds++;
        }
        return new JitWarmup((System.nanoTime() - start) / 1e9, rounds, share, share < QUIET_SHARE);
    }

    String describe() {
        return String.format(Locale.ROOT, "%d rounds of %d s at %d messages/s until the JIT compiler took less than "
                + "%.0f %% of a round (last round: %.1f %%)%s", rounds, ROUND_SECONDS, ConversationLatency.JIT_WARMUP_RATE,
                QUIET_SHARE * 100, lastShare * 100, quiet ? "" : "; NOT quiet after " + MAX_ROUNDS + " rounds");
    }
}
