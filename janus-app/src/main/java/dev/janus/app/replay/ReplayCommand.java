package dev.janus.app.replay;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar janus-app.jar replay ...}: export a recording from Redis, check a recording, or replay one
 * against a shadow configuration and write the report.
 * <pre>
 * replay export --redis redis://127.0.0.1:6379 [--stream ID]... [--from ISO-8601] [--to ISO-8601] --out FILE.jsonl
 * replay check FILE.jsonl
 * replay run FILE.jsonl [--set key=value]... [--paced] [--wait 30s] [--out report]
 * </pre>
 * {@code run} writes {@code <out>.json} and {@code <out>.html} and prints the totals. Exit status: 0 done, 2 bad
 * usage or input.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run recorded conversations against another configuration and compare the outcomes.",
        subcommands = { ReplayCommand.Export.class, ReplayCommand.Check.class, ReplayCommand.Run.class })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    @Nullable CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec().commandLine().getErr();
        err.println("a subcommand is missing");
        spec().commandLine().usage(err);
        return 2;
    }

    private CommandSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("picocli injects the spec");
        }
        return spec;
    }

    /** {@code replay export}: a recording of streams, or of a time range, from the Redis of a running Janus. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export events from Redis as JSON Lines.")
    static final class Export implements Callable<Integer> {

        @Spec
        @Nullable CommandSpec spec;

        @Option(names = "--redis", required = true, paramLabel = "URL", description = "e.g. redis://127.0.0.1:6379")
        String redis = "";

        @Option(names = "--stream", paramLabel = "ID", description = "a stream to export (repeatable; none: all)")
        Set<String> streams = new LinkedHashSet<>();

        @Option(names = "--from", paramLabel = "ISO-8601", description = "events at or after this instant")
        @Nullable Instant from;

        @Option(names = "--to", paramLabel = "ISO-8601", description = "events at or before this instant")
        @Nullable Instant to;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl")
        String out = "";

        @Override
        public Integer call() throws IOException {
            EventLog log = EventLog.of(new RedisEventExport().export(redis, streams, from, to));
            log.write(Path.of(out));
            writer(spec).println("Exported " + log.events().size() + " events to " + out);
            return 0;
        }
    }

    /** {@code replay check}: every line of a recording validated, bad ones reported by number. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate every line of a recording.")
    static final class Check implements Callable<Integer> {

        @Spec
        @Nullable CommandSpec spec;

        @Parameters(paramLabel = "FILE.jsonl")
        String file = "";

        @Override
        public Integer call() throws IOException {
            PrintWriter out = writer(spec);
            EventLog log = EventLog.read(Path.of(file));
            log.badLines().forEach(bad -> out.println(file + ":" + bad.line() + ": " + bad.problem()));
            out.println(log.events().size() + " valid events, " + log.badLines().size() + " bad lines");
            return log.badLines().isEmpty() ? 0 : 2;
        }
    }

    /** {@code replay run}: the recording replayed against a shadow configuration, and the report written. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Replay a recording against a shadow configuration and write the report.")
    static final class Run implements Callable<Integer> {

        @Spec
        @Nullable CommandSpec spec;

        @Parameters(paramLabel = "FILE.jsonl")
        String file = "";

        @Option(names = "--set", paramLabel = "key=value", description = "a property of the shadow (repeatable)")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--paced", description = "keep the recorded pauses between messages (up to 30 s each)")
        boolean paced;

        @Option(names = "--wait", paramLabel = "DURATION", converter = ShortDuration.class,
                description = "how long to wait for each reply, e.g. 30s (default)")
        Duration wait = Duration.ofSeconds(30);

        @Option(names = "--out", paramLabel = "BASE", description = "report files BASE.json and BASE.html "
                + "(default replay-report)")
        String out = "replay-report";

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter writer = writer(spec);
            EventLog log = EventLog.read(Path.of(file));
            if (!log.badLines().isEmpty()) {
                log.badLines().forEach(bad -> writer.println(file + ":" + bad.line() + ": " + bad.problem()));
                writer.println("Not replaying: " + log.badLines().size() + " bad lines (fix or remove them)");
                return 2;
            }
            ReplayReport report = ReplayReport.compare(Outcome.of(log.events()),
                    Outcome.of(new ShadowRun(settings, paced, wait).replay(log.events())));
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.writeString(Path.of(out + ".json"), json.writeValueAsString(report), StandardCharsets.UTF_8);
            Files.writeString(Path.of(out + ".html"), ReplayReportPage.render(report), StandardCharsets.UTF_8);
            ReplayReport.Totals totals = report.totals();
            writer.println("Replayed " + totals.requests() + " requests: " + totals.changed() + " changed (replies "
                    + totals.replies() + ", intents " + totals.intents() + ", tools " + totals.tools() + ", facts "
                    + totals.facts() + ", not replayed " + totals.missing() + "); report in " + out + ".json and "
                    + out + ".html");
            return 0;
        }
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}: a duration as the options write it. */
    static final class ShortDuration implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
            }
            return Duration.parse("PT" + lower.toUpperCase(Locale.ROOT));
        }
    }

    private static PrintWriter writer(@Nullable CommandSpec spec) {
        if (spec == null) {
            throw new IllegalStateException("picocli injects the spec");
        }
        return spec.commandLine().getOut();
    }
}
