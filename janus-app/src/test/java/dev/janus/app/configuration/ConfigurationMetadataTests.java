package dev.janus.app.configuration;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.janus.app.configuration.ConfigurationMetadata.Group;
import dev.janus.app.configuration.ConfigurationMetadata.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration metadata every module generates, as an IDE and a newcomer see it: each {@code janus.*} property
 * has a description and its default, the default the metadata states is the one in effect, and the enumerated
 * properties offer their values.
 */
class ConfigurationMetadataTests {

    /** The {@code janus.*} properties that truly have no default, with the reason. */
    static final Map<String, String> WITHOUT_DEFAULT = Map.ofEntries(
            entry("janus.bus.consumer-name", "unique per instance: host, pid and a random suffix, made at start-up"),
            entry("janus.bus.redis.retention", "a map by event type; audio chunks, video frames and utterances have "
                    + "built-in entries (BusProperties.Redis.DEFAULT_RETENTION) that a map in metadata cannot show"),
            entry("janus.input.voice.speech.openai.api-key", "a secret; absent, no Authorization header is sent"),
            entry("janus.input.voice.transcription.openai.api-key",
                    "a secret; absent, no Authorization header is sent"),
            entry("janus.input.voice.transcription.openai.language",
                    "optional; absent, the server detects the language"),
            entry("janus.input.voice.transcription.sphinx.grammar",
                    "optional; absent, free speech with the language model"),
            entry("janus.llm.providers", "per-provider overrides by provider name; none unless configured"),
            entry("janus.memory.facts.provider",
                    "follows janus.llm.provider when that names a model provider, else openai"),
            entry("janus.memory.model-cache-dir", "a folder under the machine's java.io.tmpdir"),
            entry("janus.orchestrator.model-cache-dir", "a folder under the machine's java.io.tmpdir"),
            entry("janus.orchestrator.branches.intent", "absent: decided by janus.llm (waits only when the offline "
                    + "responder answers first)"),
            entry("janus.orchestrator.intents", "the ten shipped intents with their examples "
                    + "(OrchestratorProperties.defaultIntents), a list of objects"),
            entry("janus.output.webhook.url", "the receiver must be given; absent, the webhook channel is off"),
            entry("janus.output.webhook.secret", "a secret; absent, no signature is sent"),
            entry("janus.proactive.restraint.quiet-start", "absent: no quiet hours"),
            entry("janus.proactive.restraint.quiet-end", "absent: no quiet hours"),
            entry("janus.security.api-keys", "secrets that must be given; none means loopback only"),
            entry("janus.tools.tool", "per-tool overrides by tool name; none unless configured"));

    /** The enumerated properties: each must offer its values as hints. */
    static final List<String> ENUMERATED = List.of("janus.bus.type", "janus.llm.provider", "janus.llm.fallback",
            "janus.llm.providers.keys", "janus.input.voice.vad.engine", "janus.input.voice.transcription.engine",
            "janus.input.voice.speech.engine", "janus.memory.facts.extractor", "janus.memory.facts.provider",
            "janus.embeddings.model");

    private static final ConfigurationMetadata METADATA = ConfigurationMetadata.onClassPath();

    @Nested
    class Generation {

        @Test
        void everyConfigurationPropertiesClassOfJanusIsInTheMetadata() {
            // given
            var scanner = new ClassPathScanningCandidateComponentProvider(false);
            scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
            Set<String> annotated = new TreeSet<>();
            for (BeanDefinition candidate : scanner.findCandidateComponents("dev.janus")) {
                annotated.add(candidate.getBeanClassName());
            }
            Set<String> described = new TreeSet<>();
            METADATA.groups().stream().filter(Group::topLevel).forEach(group -> described.add(group.type()));

            // then: the configuration processor ran in every module that has properties (janus-web and
            // janus-proactive did not, and on JDK 23+ no module did, while it was only on the class path)
            assertThat(annotated).as("@ConfigurationProperties classes").hasSizeGreaterThanOrEqualTo(15);
            assertThat(described).as("classes described by META-INF/spring-configuration-metadata.json of "
                    + METADATA.sources()).containsAll(annotated);
        }
    }

    @Nested
    class EveryProperty {

        /**
         * A record component the processor leaves out is one the binder leaves out too: a nested record with two
         * constructors and neither marked {@code @ConstructorBinding} got no metadata, and its settings were ignored.
         */
        @Test
        void everyComponentOfEveryPropertiesRecordIsDescribed() throws ClassNotFoundException {
            List<String> missing = new ArrayList<>();
            for (Group group : METADATA.groups()) {
                if (group.topLevel()) {
                    collectUndescribed(group.name(), Class.forName(group.type()), missing);
                }
            }

            assertThat(missing).as("record components of @ConfigurationProperties classes missing from the metadata")
                    .isEmpty();
        }

        @Test
        void hasADescription() {
            List<String> undescribed = METADATA.properties().values().stream()
                    .filter(property -> property.description() == null || property.description().isBlank())
                    .map(Property::name).toList();

            assertThat(undescribed).as("janus.* properties without a description (javadoc @param of the record "
                    + "component, or \"description\" in additional-spring-configuration-metadata.json)").isEmpty();
        }

        @Test
        void hasItsDefaultUnlessItTrulyHasNone() {
            List<String> withoutDefault = METADATA.properties().values().stream()
                    .filter(property -> !property.hasDefault() && !WITHOUT_DEFAULT.containsKey(property.name()))
                    .map(Property::name).toList();

            assertThat(withoutDefault).as("janus.* properties without a default in the metadata (@DefaultValue on the "
                    + "record component, or \"defaultValue\" in additional-spring-configuration-metadata.json; or, "
                    + "if it truly has none, an entry with the reason in WITHOUT_DEFAULT)").isEmpty();
        }

        @Test
        void listedWithoutDefaultOnlyWhenItExistsAndHasNone() {
            List<String> stale = WITHOUT_DEFAULT.keySet().stream()
                    .filter(name -> !METADATA.properties().containsKey(name)
                            || METADATA.properties().get(name).hasDefault())
                    .sorted().toList();

            assertThat(stale).as("WITHOUT_DEFAULT entries that are no property or do have a default").isEmpty();
        }
    }

    @Nested
    class Defaults {

        /**
         * Three ways to the same value: the binder with nothing set (it applies {@code @DefaultValue}), the binder
         * with the property set to the default the metadata states, and the record built with every component
         * absent (the compact constructor's defaults, which tests and code use).
         */
        @Test
        void theDefaultTheMetadataStatesIsTheOneInEffect() throws Exception {
            List<String> disagreements = new ArrayList<>();
            int compared = 0;
            for (Property property : METADATA.properties().values()) {
                if (!property.hasDefault() || property.sourceType() == null) {
                    continue;
                }
                Group group = METADATA.topLevelGroupOf(property);
                Class<?> type = Class.forName(group.type());
                String path = property.name().substring(group.name().length() + 1);

                Object unset = valueAt(bind(group.name(), type, Map.of()), path);
                Object stated = valueAt(bind(group.name(), type, Map.of(property.name(),
                        property.defaultAsPropertyValue())), path);
                Object constructed = valueAt(constructedWithNothing(type), path);

                if (!Objects.equals(unset, stated) || !Objects.equals(unset, constructed)) {
                    disagreements.add(property.name() + ": metadata says " + property.defaultValue() + " (binds to "
                            + stated + "), bound with nothing set " + unset + ", constructed with nothing set "
                            + constructed);
                }
                compared++;
            }

            assertThat(compared).as("properties compared").isGreaterThan(150);
            assertThat(disagreements).as("defaults that differ between the metadata, the binder and the compact "
                    + "constructor").isEmpty();
        }
    }

    @Nested
    class Hints {

        @Test
        void everyEnumeratedPropertyOffersItsValues() {
            List<String> missing = ENUMERATED.stream()
                    .filter(name -> METADATA.hints().getOrDefault(name, List.of()).isEmpty()).toList();

            assertThat(missing).as("enumerated properties without value hints in additional-spring-configuration-"
                    + "metadata.json").isEmpty();
        }

        @Test
        void everyHintNamesAPropertyAndEveryValueItOffersIsAccepted() {
            List<String> problems = new ArrayList<>();
            METADATA.hints().forEach((name, values) -> {
                if (name.endsWith(".keys")) {
                    Property map = METADATA.properties().get(name.substring(0, name.length() - ".keys".length()));
                    if (map == null || !map.isMap()) {
                        problems.add(name + " hints the keys of something that is no map property");
                    }
                    return;
                }
                Property property = METADATA.properties().get(name);
                if (property == null) {
                    problems.add(name + " hints a property that does not exist");
                    return;
                }
                Group group = METADATA.topLevelGroupOf(property);
                for (String value : values) {
                    try {
                        bind(group.name(), Class.forName(group.type()), Map.of(name, value));
                    }
                    catch (Exception e) {
                        problems.add(name + "=" + value + " is offered but refused: " + e);
                    }
                }
            });

            assertThat(METADATA.hints()).as("hints").isNotEmpty();
            assertThat(problems).isEmpty();
        }
    }

    private static void collectUndescribed(String prefix, Class<?> type, List<String> missing) {
        Set<String> groups = new TreeSet<>();
        METADATA.groups().forEach(group -> groups.add(group.name()));
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + dashed(component.getName());
            if (METADATA.properties().containsKey(name)) {
                continue;
            }
            if (groups.contains(name) && component.getType().isRecord()) {
                collectUndescribed(name, component.getType(), missing);
            }
            else if (!groups.contains(name)) {
                missing.add(name + " (" + type.getName() + "." + component.getName() + ")");
            }
        }
    }

    private static String dashed(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static Object bind(String prefix, Class<?> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, Bindable.of(type));
    }

    private static Object constructedWithNothing(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        return canonical.newInstance(new Object[components.length]);
    }

    /** The value at a dotted, dashed path ({@code retry.max-attempts}) of nested records. */
    private static @Nullable Object valueAt(@Nullable Object root, String path) throws ReflectiveOperationException {
        Object current = root;
        for (String segment : path.split("\\.")) {
            if (current == null) {
                return null;
            }
            current = component(current.getClass(), camelCase(segment)).getAccessor().invoke(current);
        }
        return current;
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        throw new IllegalStateException(type.getName() + " has no component " + name);
    }

    private static String camelCase(String dashed) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            }
            else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
