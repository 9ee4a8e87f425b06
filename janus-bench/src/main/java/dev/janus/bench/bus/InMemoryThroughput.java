package dev.janus.bench.bus;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.ResultTable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link InMemoryPublishBenchmark} (every variant) and its reference {@link PlainHandOffBenchmark}, each in a
 * forked JVM of its own with the same options (3 × 3 s warm-up, 3 × 3 s measurement; shorter warm-ups still measured
 * the JIT on two busy cores), and adds their scores to the table, each variant of a reference's layout (64 streams or
 * one, on 4 lanes) with its share of that reference's.
 */
public final class InMemoryThroughput {

    /** The benchmark's name on the command line and in the table. */
    public static final String NAME = "bus.memory";

    private static final double TARGET_EVENTS_PER_SECOND = 2_000_000;

    /**
     * The forked JVM's options: a fixed, pre-touched heap, and an agent when {@code -Djanus.bench.fork-agent=PATH[=OPTIONS]}
     * asks for one (a profiler: the fork is where the events flow).
     */
    private static String[] forkArguments() {
        String agent = System.getProperty("janus.bench.fork-agent");
        return agent == null ? new String[] { "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch" }
                : new String[] { "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-agentpath:" + agent };
    }

    /** Runs the JMH benchmark and records one row per parameter, then the CPU an event costs. */
    public void run(ResultTable table) throws RunnerException, TimeoutException {
        Options options = new OptionsBuilder()
                .include(PlainHandOffBenchmark.class.getName() + ".handOff")
                .include(InMemoryPublishBenchmark.class.getName() + ".publishAndHandle")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(3))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(3))
                .forks(1)
                .jvmArgsAppend(forkArguments())
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<Integer, Double> references = new TreeMap<>(Comparator.reverseOrder());
        for (RunResult result : results) {
            if (isReference(result)) {
                references.put(Integer.valueOf(result.getParams().getParam("streams")),
                        result.getPrimaryResult().getScore());
            }
        }
        references.forEach((streams, score) -> table.add(NAME, "reference: plain hand-off to "
                + PlainHandOffBenchmark.LANES + " parked threads, " + streamCount(streams), score, "events/s", null,
                "the same batches and events, one queue per thread chosen by stream id, poll, spin, park, woken by the "
                        + "first offer; nothing else, no in-flight limit either (PlainHandOffBenchmark)"));
        for (RunResult result : results) {
            if (isReference(result)) {
                continue;
            }
            var variant = InMemoryPublishBenchmark.Variant.valueOf(result.getParams().getParam("variant"));
            var score = result.getPrimaryResult();
            boolean production = variant.name().startsWith("PRODUCTION");
            table.add(NAME, "publish->handle, " + variant.label(), score.getScore(), "events/s",
                    production ? Target.atLeast(TARGET_EVENTS_PER_SECOND) : null,
                    String.format(Locale.ROOT, "%sJMH +/- %,.0f (99.9%%), batches of %,d%s",
                            shareOfReference(variant, score.getScore(), references), score.getScoreError(),
                            InMemoryPublishBenchmark.BATCH,
                            production ? ", default settings (4 lanes, max-in-flight 1000), Prometheus, OTel SDK "
                                    + "sampling 10%" : ""));
        }
        new InMemoryCpuPerEvent().run(table);
    }

    private static boolean isReference(RunResult result) {
        return result.getParams().getBenchmark().equals(PlainHandOffBenchmark.class.getName() + ".handOff");
    }

    private static String streamCount(int streams) {
        return streams == 1 ? "1 stream" : streams + " streams";
    }

    /** The score as a share of the reference's, for a variant of a reference's layout (its streams on 4 lanes). */
    private static String shareOfReference(InMemoryPublishBenchmark.Variant variant, double score,
            Map<Integer, Double> references) {
        Double reference = references.get(variant.streams);
        return reference != null && variant.lanes == PlainHandOffBenchmark.LANES
                ? String.format(Locale.ROOT, "%.2fx the plain hand-off; ", score / reference) : "";
    }
}
