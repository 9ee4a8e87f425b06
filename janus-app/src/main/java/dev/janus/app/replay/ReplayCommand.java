package dev.janus.app.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
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
public final class ReplayCommand {

    private static final String USAGE = """
            usage:
              replay export --redis URL [--stream ID]... [--from ISO-8601] [--to ISO-8601] --out FILE.jsonl
              replay check FILE.jsonl
              replay run FILE.jsonl [--set key=value]... [--paced] [--wait 30s] [--out report]
            """;

    private final PrintStream out;

    public ReplayCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the command; returns the exit status. */
    public int run(List<String> arguments) throws IOException, InterruptedException {
        if (arguments.isEmpty()) {
            return usage("a subcommand is missing");
        }
        Options options = Options.parse(arguments.subList(1, arguments.size()));
        if (options.problem != null) {
            return usage(options.problem);
        }
        return switch (arguments.get(0)) {
            case "export" -> export(options);
            case "check" -> check(options);
            case "run" -> replay(options);
            default -> usage("unknown subcommand '" + arguments.get(0) + "'");
        };
    }

    private int export(Options options) throws IOException {
        if (options.redis == null || options.out == null) {
            return usage("export needs --redis and --out");
        }
        EventLog log = EventLog.of(new RedisEventExport().export(options.redis, options.streams, options.from,
                options.to));
        log.write(Path.of(options.out));
        out.println("Exported " + log.events().size() + " events to " + options.out);
        return 0;
    }

    private int check(Options options) throws IOException {
        if (options.file == null) {
            return usage("check needs a recording file");
        }
        EventLog log = EventLog.read(Path.of(options.file));
        log.badLines().forEach(bad -> out.println(options.file + ":" + bad.line() + ": " + bad.problem()));
        out.println(log.events().size() + " valid events, " + log.badLines().size() + " bad lines");
        return log.badLines().isEmpty() ? 0 : 2;
    }

    private int replay(Options options) throws IOException, InterruptedException {
        if (options.file == null) {
            return usage("run needs a recording file");
        }
        EventLog log = EventLog.read(Path.of(options.file));
        if (!log.badLines().isEmpty()) {
            log.badLines().forEach(bad -> out.println(options.file + ":" + bad.line() + ": " + bad.problem()));
            out.println("Not replaying: " + log.badLines().size() + " bad lines (fix or remove them)");
            return 2;
        }
        ReplayReport report = ReplayReport.compare(Outcome.of(log.events()),
                Outcome.of(new ShadowRun(options.settings, options.paced, options.wait).replay(log.events())));
        String base = options.out == null ? "replay-report" : options.out;
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(Path.of(base + ".json"), json.writeValueAsString(report), StandardCharsets.UTF_8);
        Files.writeString(Path.of(base + ".html"), ReplayReportPage.render(report), StandardCharsets.UTF_8);
        ReplayReport.Totals totals = report.totals();
        out.println("Replayed " + totals.requests() + " requests: " + totals.changed() + " changed (replies "
                + totals.replies() + ", intents " + totals.intents() + ", tools " + totals.tools() + ", facts "
                + totals.facts() + ", not replayed " + totals.missing() + "); report in " + base + ".json and "
                + base + ".html");
        return 0;
    }

    private int usage(String problem) {
        out.println(problem);
        out.print(USAGE);
        return 2;
    }

    /** The parsed arguments; {@code problem} says what was wrong with them. */
    private static final class Options {

        @Nullable String file;
        @Nullable String redis;
        @Nullable String out;
        Set<String> streams = new LinkedHashSet<>();
        @Nullable Instant from;
        @Nullable Instant to;
        Map<String, String> settings = new LinkedHashMap<>();
        boolean paced;
        Duration wait = Duration.ofSeconds(30);
        @Nullable String problem;

        static Options parse(List<String> arguments) {
            Options options = new Options();
            List<String> rest = new ArrayList<>(arguments);
            try {
                while (!rest.isEmpty()) {
                    String argument = rest.remove(0);
                    switch (argument) {
                        case "--redis" -> options.redis = value(rest, argument);
                        case "--out" -> options.out = value(rest, argument);
                        case "--stream" -> options.streams.add(value(rest, argument));
                        case "--from" -> options.from = Instant.parse(value(rest, argument));
                        case "--to" -> options.to = Instant.parse(value(rest, argument));
                        case "--paced" -> options.paced = true;
                        case "--wait" -> options.wait = Duration.parse("PT" + value(rest, argument).toUpperCase(java.util.Locale.ROOT));
                        case "--set" -> {
                            String setting = value(rest, argument);
                            int equals = setting.indexOf('=');
                            if (equals < 1) {
                                throw new IllegalArgumentException("--set takes key=value, but was '" + setting + "'");
                            }
                            options.settings.put(setting.substring(0, equals), setting.substring(equals + 1));
                        }
                        default -> {
                            if (argument.startsWith("--") || options.file != null) {
                                throw new IllegalArgumentException("unexpected argument '" + argument + "'");
                            }
                            options.file = argument;
                        }
                    }
                }
            }
            catch (RuntimeException e) {
                options.problem = e.getMessage();
            }
            return options;
        }

        private static String value(List<String> rest, String option) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.remove(0);
        }
    }
}
