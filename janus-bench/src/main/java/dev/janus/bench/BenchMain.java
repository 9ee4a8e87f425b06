package dev.janus.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.janus.bench.bus.InMemoryThroughput;
import dev.janus.bench.bus.RedisFootprint;
import dev.janus.bench.bus.RedisLatency;
import dev.janus.bench.bus.RedisThroughput;
import dev.janus.bench.bus.ReplicatedWrites;
import dev.janus.bench.bus.SampleEvents;
import dev.janus.bench.flow.ConversationLatency;
import dev.janus.bench.llm.LlmOverhead;
import dev.janus.bench.memory.MemoryRecallBenchmark;
import dev.janus.bench.voice.EndOfSpeechLatency;
import dev.janus.bench.voice.EngineRealTimeFactor;
import dev.janus.bus.config.BusProperties.BusType;
import dev.janus.models.CommonPoolParallelism;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark command: {@code java -jar janus-bench.jar [NAME...] [--out FILE]}. Names pick benchmarks
 * ({@code bus} is every bus benchmark, {@code flow} every conversation-flow benchmark; without a name, both); the
 * figures are printed as a table and written as JSON to {@code bench-results.json} beside the jar (or {@code FILE}).
 * Benchmarks that need Redis run against a redis-server the command starts on a free port and stops at the end. The
 * flow benchmarks load the MiniLM intent model, whose tokenizer unpacks a native library into {@code DJL_CACHE_DIR}
 * (environment or system property), by default {@code djl-cache} beside the jar ({@code janus-bench/target/djl-cache}).
 */
public final class BenchMain {

    private static final Map<String, List<String>> SUITES = suites();
    private static final Set<String> NEEDS_REDIS = Set.of(RedisThroughput.NAME, RedisLatency.NAME,
            RedisFootprint.NAME, ConversationLatency.REDIS);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (!FixedHeap.inEffect()) {
            System.exit(FixedHeap.relaunch(BenchMain.class, args));
        }
        CommonPoolParallelism.ensure();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path out = defaultOutput();
        Set<String> selected = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            }
            else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(usage());
                return;
            }
            else {
                List<String> names = expand(args[i]);
                if (names == null) {
                    System.err.println("Unknown benchmark '" + args[i] + "'. " + usage());
                    System.exit(2);
                }
                selected.addAll(names);
            }
        }
        if (selected.isEmpty()) {
            SUITES.values().forEach(selected::addAll);
        }
        ResultTable table = run(selected);
        System.out.println();
        table.print(System.out);
        table.writeJson(out);
        System.out.println("Written to " + out.toAbsolutePath().normalize());
    }

    private static ResultTable run(Set<String> selected) throws Exception {
        ResultTable table = new ResultTable();
        SampleEvents samples = new SampleEvents(1);
        System.out.printf(Locale.ROOT, "Janus benchmarks %s on %d cores (%s), Java %s, %s; event JSON %d bytes as "
                + "created, %d on the wire%n", selected, Runtime.getRuntime().availableProcessors(),
                Processor.describe(), System.getProperty("java.version"), FixedHeap.describe(), samples.createdBytes(),
                samples.wireBytes());
        RedisServer redis = null;
        try {
            if (selected.stream().anyMatch(NEEDS_REDIS::contains)) {
                try {
                    redis = RedisServer.start(defaultOutput().resolveSibling("bench-redis.log"));
                }
                catch (IllegalStateException e) {
                    System.err.println("Cannot run " + selected + ": " + e.getMessage());
                    System.exit(1);
                }
                System.out.println("Started " + redis);
            }
            for (String name : selected) {
                System.out.println("== " + name);
                System.gc(); // leave the previous benchmark's garbage behind, not in this one's pauses
                long start = System.nanoTime();
                Optional<MachineLoad> loadBefore = MachineLoad.sample();
                if (name.equals(InMemoryThroughput.NAME)) {
                    new InMemoryThroughput().run(table);
                }
                else if (name.equals(RedisThroughput.NAME)) {
                    new RedisThroughput().run(table, Objects.requireNonNull(redis, "started for NEEDS_REDIS"));
                }
                else if (name.equals(RedisFootprint.NAME)) {
                    new RedisFootprint().run(table, Objects.requireNonNull(redis, "started for NEEDS_REDIS"));
                }
                else if (name.equals(ReplicatedWrites.NAME)) {
                    new ReplicatedWrites().run(table, defaultOutput().getParent() == null ? Path.of(".")
                            : defaultOutput().getParent());
                }
                else if (name.equals(RedisLatency.NAME)) {
                    new RedisLatency().run(table, Objects.requireNonNull(redis, "started for NEEDS_REDIS"));
                }
                else if (name.equals(ConversationLatency.MEMORY)) {
                    new ConversationLatency(BusType.MEMORY, modelCache()).run(table, null);
                }
                else if (name.equals(ConversationLatency.REDIS)) {
                    new ConversationLatency(BusType.REDIS, modelCache()).run(table, redis);
                }
                else if (name.equals(MemoryRecallBenchmark.NAME)) {
                    new MemoryRecallBenchmark().run(table);
                }
                else if (name.equals(LlmOverhead.NAME)) {
                    new LlmOverhead().run(table);
                }
                else if (name.equals(EndOfSpeechLatency.NAME)) {
                    new EndOfSpeechLatency(speechDirectory()).run(table);
                }
                else if (name.equals(EngineRealTimeFactor.NAME)) {
                    new EngineRealTimeFactor(speechDirectory()).run(table);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Optional<MachineLoad> loadAfter = MachineLoad.sample();
                if (loadBefore.isPresent() && loadAfter.isPresent()) {
                    table.add(name, "other processes' CPU meanwhile", loadAfter.get().foreignCoresSince(loadBefore.get()),
                            "cores", null, String.format(Locale.ROOT, "of %d, over the benchmark's %.1f s; more than "
                                    + "~0.1 means the figures above were taken on a busy machine",
                                    Runtime.getRuntime().availableProcessors(), seconds));
                }
                System.out.printf(Locale.ROOT, "== %s took %.1f s%n", name, seconds);
            }
        }
        finally {
            if (redis != null) {
                redis.close();
            }
        }
        return table;
    }

    /** The suites in the order a run without names runs them. */
    private static Map<String, List<String>> suites() {
        Map<String, List<String>> suites = new LinkedHashMap<>();
        suites.put("bus", List.of(InMemoryThroughput.NAME, RedisLatency.NAME, RedisThroughput.NAME,
                ReplicatedWrites.NAME, RedisFootprint.NAME));
        suites.put("flow", List.of(ConversationLatency.MEMORY, ConversationLatency.REDIS));
        suites.put("memory", List.of(MemoryRecallBenchmark.NAME));
        suites.put("llm", List.of(LlmOverhead.NAME));
        suites.put("voice", List.of(EndOfSpeechLatency.NAME, EngineRealTimeFactor.NAME));
        return Collections.unmodifiableMap(suites);
    }

    /** {@code voice-speech} beside the jar: the voice benchmarks' espeak-ng speech (espeak-ng and sox must be installed). */
    private static Path speechDirectory() {
        return defaultOutput().resolveSibling("voice-speech");
    }

    /** {@code djl-cache} beside the jar; the orchestrator uses it only when {@code DJL_CACHE_DIR} is not set. */
    private static Path modelCache() {
        return defaultOutput().resolveSibling("djl-cache");
    }

    private static @Nullable List<String> expand(String name) {
        if (SUITES.containsKey(name)) {
            return SUITES.get(name);
        }
        for (List<String> suite : SUITES.values()) {
            if (suite.contains(name)) {
                return List.of(name);
            }
        }
        return null;
    }

    private static String usage() {
        List<String> all = new ArrayList<>();
        SUITES.values().forEach(all::addAll);
        return "Usage: java -jar janus-bench.jar [NAME...] [--out FILE]; NAME is a suite " + SUITES.keySet()
                + " or one of " + all + "; default: every suite. Results go to bench-results.json beside the jar. "
                + "The flow benchmarks unpack the MiniLM tokenizer's native library into DJL_CACHE_DIR (default: "
                + "djl-cache beside the jar).";
    }

    /** {@code bench-results.json} in the directory holding the jar (target/), or the working directory. */
    private static Path defaultOutput() {
        try {
            Path location = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path directory = Files.isDirectory(location) ? location.getParent() : location.getParent();
            return (directory == null ? Path.of(".") : directory).resolve("bench-results.json");
        }
        catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench-results.json");
        }
    }
}
