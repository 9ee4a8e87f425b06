package dev.janus.bench.flow;

import java.util.Locale;

/**
 * What one conversation turn cost while a rate was held: the CPU used and the Redis commands run over the stretch in
 * which the measured messages were sent, divided by their number — the bench's own publishes and its consumer of the
 * replies included. At a steady rate below saturation that is the cost of a turn, whatever its latency; it says how
 * many turns a second a deployment's cores carry. Past saturation fewer turns are done than sent in the stretch, and
 * the figure is too low (the row's latency says so).
 *
 * @param jvmMillis this JVM's CPU per turn, its JIT compiler's compilation time taken out (an elapsed time, which
 *        exceeds the compiler's CPU when it waits for a core: then this is a little low)
 * @param jitMillis the JIT compiler's compilation time per turn
 * @param redisMillis the bench's redis-server's CPU per turn; negative on the in-memory bus or where it cannot be told
 * @param redisCommands the commands redis-server ran per turn ({@code INFO commandstats}); negative on the in-memory
 *        bus
 */
record TurnCost(double jvmMillis, double jitMillis, double redisMillis, double redisCommands) {

    /**
     * @param cores the cores' worth used over the stretch
     * @param seconds how long it lasted
     * @param turns the messages sent in it
     * @param commands the commands redis-server ran in it; negative on the in-memory bus
     */
    static TurnCost of(CpuUse.Cores cores, double seconds, int turns, long commands) {
        double perTurn = seconds * 1000 / turns;
        return new TurnCost(Math.max(0, cores.jvm() - cores.jit()) * perTurn, cores.jit() * perTurn,
                cores.redis() < 0 ? -1 : cores.redis() * perTurn, commands < 0 ? -1 : (double) commands / turns);
    }

    String describe() {
        String redisCpu = redisMillis < 0 ? "" : String.format(Locale.ROOT, " %.2f ms of CPU and", redisMillis);
        String redis = redisCommands < 0 ? ""
                : String.format(Locale.ROOT, "; redis-server%s %.1f commands (INFO commandstats, a script's own "
                        + "commands counted besides it)", redisCpu, redisCommands);
        return String.format(Locale.ROOT, "per turn over the stretch the measured messages were sent in: this JVM %.2f "
                + "ms of CPU besides %.2f ms of JIT compilation (the bench's sender and consumer included)%s", jvmMillis,
                jitMillis, redis);
    }
}
