package dev.janus.app.configuration;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.janus.app.configuration.ConfigurationMetadata.Property;
import dev.janus.app.ops.RepositoryFiles;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;

/**
 * The README against the configuration metadata: every {@code janus.*} property it names exists, and every default
 * its configuration tables state is the metadata's default.
 */
class ReadmeConfigurationTests {

    /** Names in the README that look like properties but are not, with what they are. */
    static final Map<String, String> NOT_PROPERTIES = Map.ofEntries(
            entry("janus.docs.write", "a system property of the documentation tests: they rewrite docs/"),
            entry("janus.example.com", "the example host name of the Kubernetes ingress"),
            entry("janus.proactive.suggestions", "a metric, janus.proactive.suggestions{outcome,reason}"));

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** A property name in code: alone, or an argument ({@code --janus.bus.type=redis}, {@code -Djanus...}). */
    private static final Pattern NAME =
            Pattern.compile("(?:^|--|-D)(janus\\.[A-Za-z0-9.<>\\[\\]*|_-]*[A-Za-z0-9>\\]*])");

    private static final ConfigurationMetadata METADATA = ConfigurationMetadata.onClassPath();
    private static final List<String> README = RepositoryFiles.read("README.md").lines().toList();
    private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

    @Test
    void everyJanusPropertyTheReadmeNamesExists() {
        // given
        List<String> unknown = new ArrayList<>();
        int named = 0;

        // when
        for (int line = 0; line < README.size(); line++) {
            Set<String> names = new LinkedHashSet<>(namesInCode(README.get(line)));
            TableRow row = TableRow.of(README.get(line));
            if (row != null) {
                names.addAll(row.names());
            }
            for (String name : names) {
                named++;
                if (!NOT_PROPERTIES.containsKey(name) && !exists(name)) {
                    unknown.add("README.md:" + (line + 1) + " " + name);
                }
            }
        }

        // then
        assertThat(named).as("property names found in the README").isGreaterThan(200);
        assertThat(unknown).as("janus.* names in the README that are no property in the configuration metadata")
                .isEmpty();
    }

    @Test
    void everyDefaultTheConfigurationTablesStateIsTheMetadataDefault() {
        // given
        List<String> disagreements = new ArrayList<>();
        int compared = 0;

        // when
        for (int line = 0; line < README.size(); line++) {
            TableRow row = TableRow.of(README.get(line));
            if (row == null) {
                continue;
            }
            String where = "README.md:" + (line + 1) + " ";
            if (row.defaults().size() != 1 && row.defaults().size() != row.names().size()) {
                disagreements.add(where + "names " + row.names().size() + " properties but " + row.defaults().size()
                        + " defaults: say one for all, or one each, separated by /");
                continue;
            }
            for (int i = 0; i < row.names().size(); i++) {
                String name = row.names().get(i);
                String stated = row.defaults().get(row.defaults().size() == 1 ? 0 : i);
                Property property = METADATA.properties().get(name);
                if (property == null || stated.isEmpty()) {
                    continue; // a placeholder name (checked for existence above) or a default told in words
                }
                compared++;
                String problem = disagreement(property, stated);
                if (problem != null) {
                    disagreements.add(where + name + ": " + problem);
                }
            }
        }

        // then
        assertThat(compared).as("defaults compared").isGreaterThan(120);
        assertThat(disagreements).as("README defaults that are not the metadata's").isEmpty();
    }

    /** What is wrong with the README's default of a property, or null when it is the metadata's. */
    private static @Nullable String disagreement(Property property, String stated) {
        boolean none = stated.equals(TableRow.NONE);
        if (none && property.hasDefault()) {
            return "the README says it has no default, the metadata says " + property.defaultValue();
        }
        if (none) {
            return null;
        }
        if (!property.hasDefault()) {
            return "the README says `" + stated + "`, the metadata states no default";
        }
        if (!sameValue(property, stated, property.defaultAsPropertyValue())) {
            return "the README says `" + stated + "`, the metadata " + property.defaultValue();
        }
        return null;
    }

    /** Whether two written values of a property mean the same ({@code 120s} and {@code 2m}, {@code []} and empty). */
    private static boolean sameValue(Property property, String readme, String metadata) {
        if (property.isList()) {
            String elements = readme.replaceAll("^\\[|]$", "").replaceAll("\\s*,\\s*", ",").strip();
            return elements.equals(metadata);
        }
        if (readme.equals(metadata)) {
            return true;
        }
        try {
            Class<?> type = Class.forName(property.type());
            return Objects.equals(CONVERSION.convert(readme, type), CONVERSION.convert(metadata, type));
        }
        catch (ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> namesInCode(String line) {
        List<String> names = new ArrayList<>();
        Matcher code = CODE.matcher(line);
        while (code.find()) {
            Matcher name = NAME.matcher(code.group(1));
            while (name.find()) {
                names.addAll(alternatives(name.group(1)));
            }
        }
        return names;
    }

    /** {@code janus.orchestrator.branches.memory|tools}: one name per alternative of the last segment. */
    private static List<String> alternatives(String name) {
        if (!name.contains("|")) {
            return List.of(name);
        }
        String parent = name.substring(0, name.lastIndexOf('.', name.indexOf('|')) + 1);
        List<String> names = new ArrayList<>();
        for (String last : name.substring(parent.length()).split("\\|")) {
            names.add(parent + last);
        }
        return names;
    }

    /**
     * Whether a name is a property, or names properties through a placeholder:
     * {@code janus.proactive.<detector>.enabled} (any segment), {@code janus.tools.breaker.*},
     * {@code janus.llm.providers.<name>.timeout} (the keys of a map property),
     * {@code janus.security.api-keys[N].principal} (the elements of a list property).
     */
    private static boolean exists(String name) {
        if (METADATA.properties().containsKey(name)) {
            return true;
        }
        int placeholder = firstPlaceholder(name);
        if (placeholder < 0) {
            return false;
        }
        Pattern pattern = Pattern.compile(regex(name));
        if (METADATA.properties().keySet().stream().anyMatch(known -> pattern.matcher(known).matches())) {
            return true;
        }
        Property container = METADATA.properties().get(name.substring(0, placeholder).replaceAll("\\.$", ""));
        return container != null && (container.isMap() || container.isList());
    }

    private static int firstPlaceholder(String name) {
        int first = -1;
        for (char c : new char[] {'<', '[', '*'}) {
            int at = name.indexOf(c);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private static String regex(String name) {
        return Pattern.quote(name.replaceAll("\\[[^]]*]", "")).replaceAll("<[^>]+>", "\\\\E[^.]+\\\\Q")
                .replace("*", "\\E.+\\Q");
    }

    /**
     * A row of a configuration table: {@code | `janus.llm.retry.max-attempts` / `.initial-backoff` | `3` / `200ms` |
     * meaning |}. A name starting with a dot continues the first name's parent; defaults are one for all names or one
     * each, separated by {@code /}: a value in code, {@code —} for none, or words (not compared, kept empty).
     *
     * @param names the full names the row sets
     * @param defaults the values in code, {@link #NONE}, or empty for a default told in words
     */
    record TableRow(List<String> names, List<String> defaults) {

        static final String NONE = "—";

        static @Nullable TableRow of(String line) {
            if (!line.startsWith("| `janus.")) {
                return null;
            }
            String[] cells = line.split("\\|", -1);
            List<String> names = new ArrayList<>();
            Matcher code = CODE.matcher(cells[1]);
            while (code.find()) {
                String name = code.group(1);
                names.addAll(alternatives(name.startsWith(".")
                        ? names.get(0).substring(0, names.get(0).lastIndexOf('.')) + name : name));
            }
            List<String> defaults = new ArrayList<>();
            for (String piece : splitOutsideCode(cells[2])) {
                String value = piece.strip();
                Matcher single = Pattern.compile("`([^`]*)`").matcher(value);
                defaults.add(value.equals(NONE) ? NONE : single.matches() ? single.group(1) : "");
            }
            return new TableRow(names, defaults);
        }

        private static List<String> splitOutsideCode(String cell) {
            List<String> pieces = new ArrayList<>();
            StringBuilder piece = new StringBuilder();
            boolean inCode = false;
            for (char c : cell.toCharArray()) {
                if (c == '`') {
                    inCode = !inCode;
                }
                if (c == '/' && !inCode) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                }
                else {
                    piece.append(c);
                }
            }
            pieces.add(piece.toString());
            return pieces;
        }
    }
}
