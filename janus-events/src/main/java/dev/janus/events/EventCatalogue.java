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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * Renders the event catalogue, {@code docs/events.md}: the envelope, every {@link EventType} with its
 * publisher, consumers and content fields, and the records nested in them. Everything is derived by
 * reflection from {@link EventType} and the record components, so the document cannot describe an
 * event that the code does not have. {@code InterfaceDocuments} (module {@code janus-input}) writes it
 * beside the AsyncAPI document, and its test fails when the checked-in file differs from
 * {@link #markdown()}. Stateless and free of I/O; never returns {@code null}.
 */
public final class EventCatalogue {

    /**
     * How {@code docs/events.md} is written again: by the one generator of the interface documents,
     * {@code InterfaceDocuments} in {@code janus-input}, which also writes {@code docs/asyncapi.yaml}.
     */
    public static final String REGENERATE = "./mvnw -q -pl janus-input -am test -Dtest=InterfaceDocumentsTests "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Djanus.docs.write=true";

    private EventCatalogue() {
    }

    /** The whole catalogue as GitHub-flavoured Markdown, with {@code \n} line ends. */
    public static String markdown() {
        Set<Class<?>> nested = new TreeSet<>(Comparator.comparing(Class::getSimpleName));
        collectNested(JanusEvent.class, nested);
        Arrays.stream(EventType.values()).forEach(type -> collectNested(type.contentType(), nested));

        StringBuilder md = new StringBuilder();
        intro(md);
        conventions(md);
        md.append("## Envelope\n\n")
                .append("Every event is one JSON object with these fields; metadata lives here, never in the content.\n\n");
        fields(md, JanusEvent.class);
        eventTypes(md);
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
                .append("Every event type Janus publishes: its wire name, the content record it carries, the component ")
                .append("that publishes it, the components that consume it and the fields on the wire. This file is ")
                .append("generated from `EventType` and the content records (rendered by `EventCatalogue`, module ")
                .append("`janus-events`) by `InterfaceDocuments` (module `janus-input`), which also writes ")
                .append("[`asyncapi.yaml`](asyncapi.yaml), the AsyncAPI document of the WebSocket frames and the ")
                .append("events; `InterfaceDocumentsTests` fails when either file is out of date. Do not edit it by ")
                .append("hand; regenerate both with:\n\n")
                .append("```\n").append(REGENERATE).append("\n```\n\n")
                .append("Consumers are consumer groups, or for broadcast subscriptions (every instance sees every ")
                .append("event) the component. `EventTypeSubscriptionsIntegrationTests` (module `janus-app`) fails when ")
                .append("they differ from the live subscriptions of the running application. Consumers that subscribe ")
                .append("only when configured: `janus-llm` to `input.video.frame` while a provider in use takes images, ")
                .append("`janus-output-webhook` while a webhook is configured.\n\n");
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

    private static void eventTypes(StringBuilder md) {
        md.append("## Event types\n\n")
                .append("| Event type | Content | Publishers | Consumers |\n")
                .append("|---|---|---|---|\n");
        for (EventType type : EventType.values()) {
            md.append("| [`").append(type.wireName()).append("`](#").append(anchor(type.wireName())).append(") | `")
                    .append(type.contentType().getSimpleName()).append("` | ").append(names(type.publishers())).append(" | ")
                    .append(consumers(type)).append(" |\n");
        }
        md.append('\n');
        for (EventType type : EventType.values()) {
            md.append("### ").append(type.wireName()).append("\n\n")
                    .append("- Content: `").append(type.contentType().getSimpleName()).append("`\n")
                    .append("- Publishers: ").append(names(type.publishers())).append("\n")
                    .append("- Consumers: ").append(consumers(type)).append("\n\n");
            fields(md, type.contentType());
        }
    }

    private static String consumers(EventType type) {
        return type.consumers().isEmpty() ? "none" : names(type.consumers());
    }

    private static String names(List<String> components) {
        return components.stream().map(component -> "`" + component + "`").collect(Collectors.joining(", "));
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
