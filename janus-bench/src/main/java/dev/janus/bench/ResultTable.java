package dev.janus.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one benchmark run: printed as a table and written as JSON with the same rows. Thread-safe for
 * adding; print and write once everything ran.
 */
public final class ResultTable {

    private final List<Row> rows = new ArrayList<>();
    private final Instant startedAt = Instant.now();

    /**
     * One measured figure.
     *
     * @param benchmark the benchmark's name ({@code bus.memory})
     * @param metric what was measured
     * @param value the figure
     * @param unit its unit ({@code events/s}, {@code ms}, {@code ratio})
     * @param target what the figure should reach, when there is a target
     * @param note how it was measured, or a figure it is compared to
     */
    public record Row(String benchmark, String metric, double value, String unit, @Nullable Target target,
            String note) {

        /** Whether the figure meets its target; {@code null} without a target. */
        public @Nullable Boolean met() {
            return target == null ? null : target.metBy(value);
        }
    }

    /**
     * A bound a figure should stay on the right side of.
     *
     * @param atLeast whether the figure must be at least {@code bound} (else at most)
     * @param bound the bound, in the row's unit
     */
    public record Target(boolean atLeast, double bound) {

        /** The figure must reach {@code bound} or more. */
        public static Target atLeast(double bound) {
            return new Target(true, bound);
        }

        /** The figure must stay at {@code bound} or below. */
        public static Target atMost(double bound) {
            return new Target(false, bound);
        }

        boolean metBy(double value) {
            return atLeast ? value >= bound : value <= bound;
        }

        @Override
        public String toString() {
            return (atLeast ? ">= " : "<= ") + format(bound);
        }
    }

    /** Adds a figure. */
    public synchronized void add(String benchmark, String metric, double value, String unit, @Nullable Target target,
            String note) {
        rows.add(new Row(benchmark, metric, value, unit, target, note));
    }

    /** Prints the table: one line per figure, notes below it. */
    public synchronized void print(PrintStream out) {
        String[] header = { "benchmark", "metric", "value", "unit", "target", "met" };
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows) {
            Boolean met = row.met();
            cells.add(new String[] { row.benchmark(), row.metric(), format(row.value()), row.unit(),
                    row.target() == null ? "" : row.target().toString(), met == null ? "" : met ? "yes" : "NO" });
        }
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] line : cells) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        String rule = "-".repeat(java.util.Arrays.stream(widths).sum() + 3 * (widths.length - 1));
        out.println(rule);
        out.println(line(header, widths));
        out.println(rule);
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(cells.get(r), widths));
            if (!rows.get(r).note().isEmpty()) {
                out.println("    " + rows.get(r).note());
            }
        }
        out.println(rule);
    }

    /** Writes the figures as JSON to {@code file}, creating its directory. */
    public synchronized void writeJson(Path file) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("started_at", startedAt.toString());
        document.put("finished_at", Instant.now().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("processor", Processor.describe());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        document.put("machine", machine);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", row.benchmark());
            result.put("metric", row.metric());
            result.put("value", row.value());
            result.put("unit", row.unit());
            if (row.target() != null) {
                result.put("target", Map.of(row.target().atLeast() ? "at_least" : "at_most", row.target().bound()));
                result.put("met", row.met());
            }
            if (!row.note().isEmpty()) {
                result.put("note", row.note());
            }
            results.add(result);
        }
        document.put("results", results);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(document) + System.lineSeparator());
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(" | ");
            }
            boolean numeric = i == 2;
            String cell = cells[i];
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(numeric ? pad + cell : cell + pad);
        }
        return line.toString().stripTrailing();
    }

    /** A figure as people read it: thousands grouped, at most three decimals for small values. */
    static String format(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
