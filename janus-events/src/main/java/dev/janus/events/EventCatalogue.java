package dev.janus.events;

import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * Renders the event catalogue, {@code docs/events.md}: the envelope, every {@link EventType} with its
 * publishers, consumers and content fields, and the records nested in them. Types and fields are derived by
 * reflection from {@link EventType} and the record components, publishers and consumers from the
 * {@link EventRegistry} of the components' declarations, so the document cannot describe an event or a
 * subscription that the code does not have. {@code EventRegistryIntegrationTests} (module {@code janus-app}, where
 * every component is on the classpath) renders it from the running all-in-one app and fails when the checked-in
 * file differs. Stateless and free of I/O; never returns {@code null}.
 */
public final class EventCatalogue {

    /** How {@code docs/events.md} is written again: from the registry of the running all-in-one app. */
    public static final String REGENERATE = "./mvnw -q -pl janus-app -am test -Dtest=EventRegistryIntegrationTests "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Djanus.docs.write=true";

    private EventCatalogue() {
    }

    /** The whole catalogue as GitHub-flavoured Markdown, with {@code \n} line ends; who publishes and consumes from {@code registry}. */
    public static String markdown(EventRegistry registry) {
        Set<Class<?>> nested = new TreeSet<>(Comparator.comparing(Class::getSimpleName));
        collectNested(JanusEvent.class, nested);
        Arrays.stream(EventType.values()).forEach(type -> collectNested(type.contentType(), nested));

        StringBuilder md = new StringBuilder();
        intro(md);
        conventions(md);
        md.append("## Envelope\n\n")
                .append("Every event is one JSON object with these fields; metadata lives here, never in the content.\n\n");
        fields(md, JanusEvent.class);
        eventTypes(md, registry);
        md.append("## Nested types\n\n")
                .append("Records that appear as fields of the envelope or of a content record.\n\n");
        for (Class<?> type : nested) {
            md.append("### ").append(type.getSimpleName()).append("\n\n");
            fields(md, type);
        }
        // every block ends with a blank line; the file ends with one line end
        return md.substring(0, md.length() - 1);
    }

    /** The JSON name of a record component, as {@link EventCodec} writes it: the component's name in snake_case. */
    static String wireName(RecordComponent component) {
        String name = component.getName();
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            }
            else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private static void intro(StringBuilder md) {
        md.append("# Event catalogue\n\n")
                .append("Every event type Janus publishes: its wire name, the content record it carries, the components ")
                .append("that publish it, the subscriptions to it and the fields on the wire. The types and fields come ")
                .append("from `EventType` and the content records (module `janus-events`); who publishes and who ")
                .append("subscribes comes from the `ComponentEvents` each component's configuration declares, collected ")
                .append("by the `EventRegistry` of the all-in-one app. `EventRegistryIntegrationTests` (module `janus-app`) ")
                .append("renders this file with `EventCatalogue` and fails when it is out of date, when the live ")
                .append("subscriptions of the running app differ from the declared ones, and when an event of a ")
                .append("conversation comes from a component not declared as its publisher. Do not edit it by hand; ")
                .append("regenerate it with:\n\n")
                .append("```\n").append(REGENERATE).append("\n```\n\n")
                .append("A consumer is a consumer group: each event goes to one member of it. A broadcast consumer is a ")
                .append("component every instance of which sees every event (its client sockets, its in-flight work). ")
                .append("A consumer with a condition subscribes only while the condition holds.\n\n");
    }

    private static void conventions(StringBuilder md) {
        md.append("## Wire format\n\n")
                .append("- UTF-8 JSON, field names in snake_case, at most ").append(EventLimits.MAX_EVENT_BYTES)
                .append(" bytes per event, objects and arrays nested at most ").append(EventLimits.MAX_JSON_DEPTH)
                .append(" levels deep.\n")
                .append("- `timestamp`: an ISO-8601 instant in UTC, e.g. `2026-03-14T09:26:53.589Z`.\n")
                .append("- `base64 bytes`: binary data as a base64 string, at most ").append(EventLimits.MAX_BINARY_BYTES)
                .append(" bytes before encoding.\n")
                .append("- Texts have at most ").append(EventLimits.MAX_TEXT_CHARS).append(" characters, identifiers at most ")
                .append(EventLimits.MAX_ID_CHARS).append(", lists at most ").append(EventLimits.MAX_ITEMS)
                .append(" items; many fields have tighter limits, checked when an event is built or read.\n")
                .append("- Writers always write the required fields and leave optional ones (Required: no) out when ")
                .append("absent. Lists and maps are written even when empty; a reader takes a missing one as empty. ")
                .append("A `map` has string keys.\n")
                .append("- Readers ignore fields they do not know and reject an unknown `event_type`; a rejected event ")
                .append("names the offending field, e.g. `content.text must not be blank`.\n\n");
    }

    private static void eventTypes(StringBuilder md, EventRegistry registry) {
        md.append("## Event types\n\n")
                .append("| Event type | Content | Publishers | Consumers |\n")
                .append("|---|---|---|---|\n");
        for (EventType type : EventType.values()) {
            md.append("| [`").append(type.wireName()).append("`](#").append(anchor(type.wireName())).append(") | `")
                    .append(type.contentType().getSimpleName()).append("` | ").append(publishers(registry, type))
                    .append(" | ").append(cell(consumers(registry, type))).append(" |\n");
        }
        md.append('\n');
        for (EventType type : EventType.values()) {
            md.append("### ").append(type.wireName()).append("\n\n")
                    .append("- Content: `").append(type.contentType().getSimpleName()).append("`\n")
                    .append("- Publishers: ").append(publishers(registry, type)).append("\n")
                    .append("- Consumers: ").append(consumers(registry, type)).append("\n\n");
            fields(md, type.contentType());
        }
    }

    private static String publishers(EventRegistry registry, EventType type) {
        List<String> publishers = registry.publishersOf(type);
        if (publishers.isEmpty()) {
            throw new IllegalStateException("No component declares that it publishes " + type
                    + "; declare it in the publishing component's ComponentEvents");
        }
        return publishers.stream().map(component -> "`" + component + "`").collect(Collectors.joining(", "));
    }

    private static String consumers(EventRegistry registry, EventType type) {
        List<ComponentEvents.Consumed> consumers = registry.consumersOf(type);
        if (consumers.isEmpty()) {
            return "none";
        }
        return consumers.stream().map(consumed -> {
            String name = "`" + consumed.group() + "`";
            String broadcast = consumed.broadcast() ? "broadcast" : null;
            String notes = Stream.of(broadcast, consumed.condition()).filter(Objects::nonNull)
                    .collect(Collectors.joining(", "));
            return notes.isEmpty() ? name : name + " (" + notes + ")";
        }).collect(Collectors.joining(", "));
    }

    private static void fields(StringBuilder md, Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        boolean described = Arrays.stream(components).anyMatch(component -> description(component) != null);
        md.append(described ? "| Field | Type | Required | Meaning |\n|---|---|---|---|\n"
                : "| Field | Type | Required |\n|---|---|---|\n");
        for (RecordComponent component : components) {
            md.append("| `").append(wireName(component)).append("` | ")
                    .append(cell(typeName(component.getGenericType()))).append(" | ")
                    .append(isNullable(component) ? "no" : "yes").append(" |");
            if (described) {
                String description = description(component);
                md.append(' ').append(description == null ? "" : cell(description)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static boolean isNullable(RecordComponent component) {
        AnnotatedType type = component.getAnnotatedType();
        return type.isAnnotationPresent(Nullable.class);
    }

    private static @Nullable String description(RecordComponent component) {
        JsonPropertyDescription description = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
        return description == null ? null : description.value();
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return "list of " + typeName(arguments[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return arguments[1] == Object.class ? "map" : "map of " + typeName(arguments[1]);
            }
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalStateException("The catalogue has no name for " + type + "; add one to EventCatalogue");
        }
        if (cls == String.class) {
            return "string";
        }
        if (cls == int.class || cls == long.class || cls == Integer.class || cls == Long.class) {
            return "integer";
        }
        if (cls == double.class || cls == float.class || cls == Double.class || cls == Float.class) {
            return "number";
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return "boolean";
        }
        if (cls == Instant.class) {
            return "timestamp";
        }
        if (cls == byte[].class) {
            return "base64 bytes";
        }
        if (cls == EventType.class) {
            return "string, an [event type](#event-types)";
        }
        if (cls == EventContent.class) {
            return "object, the [event type](#event-types)'s content";
        }
        if (cls.isEnum()) {
            return cls.getSimpleName() + " (" + Arrays.stream(cls.getFields())
                    .filter(Field::isEnumConstant)
                    .map(EventCatalogue::enumWireName)
                    .collect(Collectors.joining("|")) + ")";
        }
        if (cls.isRecord()) {
            return "[" + cls.getSimpleName() + "](#" + anchor(cls.getSimpleName()) + ")";
        }
        throw new IllegalStateException("The catalogue has no name for " + cls.getName() + "; add one to EventCatalogue");
    }

    private static String enumWireName(Field constant) {
        JsonProperty property = constant.getAnnotation(JsonProperty.class);
        return property != null ? property.value() : constant.getName().toLowerCase(Locale.ROOT);
    }

    private static void collectNested(Class<?> record, Set<Class<?>> nested) {
        for (RecordComponent component : record.getRecordComponents()) {
            collectNestedIn(component.getGenericType(), nested);
        }
    }

    private static void collectNestedIn(Type type, Set<Class<?>> nested) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collectNestedIn(argument, nested));
        }
        else if (type instanceof Class<?> cls && cls.isRecord() && nested.add(cls)) {
            collectNested(cls, nested);
        }
    }

    /** The id GitHub gives a heading: lower case, punctuation other than {@code -} and {@code _} dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
