package dev.janus.input.contract;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.janus.events.ComponentEvents;
import dev.janus.events.EventRegistry;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.input.audio.VoiceFrame;
import dev.janus.input.delivery.Frame;
import org.jspecify.annotations.Nullable;

/**
 * The AsyncAPI 3.0 document of Janus, derived from the code: the sockets {@code /ws/chat}, {@code /ws/audio} and
 * {@code /ws/video} with the frames a client sends ({@link ClientFrame}) and receives ({@link Frame},
 * {@link VoiceFrame}, binary audio and video), and a channel per {@link EventType} (its Redis stream) carrying the
 * {@link JanusEvent} envelope with that type's content record, its publisher and consumers. The document is built
 * as a tree of maps and lists and written as YAML.
 */
final class AsyncApiDocument {

    private static final String CHAT_SOCKET = "chat";
    private static final String AUDIO_SOCKET = "audio";
    private static final String VIDEO_SOCKET = "video";

    private final RecordSchemas schemas = new RecordSchemas(AsyncApiDocument::schemaName);
    private final Map<String, Object> messages = new LinkedHashMap<>();
    private final EventRegistry registry;

    private AsyncApiDocument(EventRegistry registry) {
        this.registry = registry;
    }

    /** The document as YAML; who publishes and consumes each event type from {@code registry}. */
    static String yaml(EventRegistry registry) {
        return YamlWriter.write(new AsyncApiDocument(registry).tree());
    }

    private Map<String, Object> tree() {
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        socket(channels, operations, CHAT_SOCKET, "/ws/chat", """
                Chat: the client sends messages, interruptions and feedback on suggestions; the server answers each \
                with `accepted`, `interrupted` or `error` (in the order they were sent) and pushes the replies of the \
                stream as they come: `delta`s while a model streams, then `response`; `tool_progress` while a tool \
                runs; `suggestion`s. A refused frame gets an `error` frame and never closes a healthy socket.""",
                clientMessages(ClientFrame.Message.class, ClientFrame.Interrupt.class, ClientFrame.Feedback.class),
                frameMessages(Frame.class), false);
        Map<String, Object> audioIn = clientMessages(ClientFrame.Start.class, ClientFrame.Stop.class);
        audioIn.put("audio", binary("Audio", "application/octet-stream", "PCM16LE mono at the track's sample rate "
                + "(8000..48000, resampled to 16 kHz), after `start`; at most janus.input.voice.max-frame-bytes."));
        // the chat frames come on this socket too; its own interrupted and error frames are the voice ones
        Map<String, Object> audioOut = frameMessages(Frame.class);
        audioOut.putAll(frameMessages(VoiceFrame.class));
        audioOut.put("speechAudio", binary("SpeechAudio", "application/octet-stream", "The spoken reply: PCM16LE "
                + "mono at the socket's sample rate, between `speech` and `speech_end`."));
        socket(channels, operations, AUDIO_SOCKET, "/ws/audio", """
                Voice: a track of PCM16LE mono audio per socket (one per participant in meetings and calls). The \
                server detects speech, sends transcripts, the chat frames of the replies and, with speech on, the \
                spoken reply as binary frames; speaking over a reply interrupts it (barge-in).""", audioIn,
                audioOut, true);
        Map<String, Object> videoIn = new LinkedHashMap<>();
        videoIn.put("frame", binary("VideoFrame", "image/jpeg", "One JPEG image (checked for the JPEG signature), "
                + "rate-limited per stream; at most janus.input.video.max-frame-bytes."));
        Map<String, Object> videoOut = new LinkedHashMap<>();
        videoOut.put("error", frameMessage(VoiceFrame.Error.class, "error"));
        socket(channels, operations, VIDEO_SOCKET, "/ws/video", "Video: binary JPEG frames, published as "
                + "`input.video.frame`; the latest frame of a stream can go to a model that takes images.", videoIn,
                videoOut, false);
        for (EventType type : EventType.values()) {
            event(channels, operations, type);
        }

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", info());
        document.put("defaultContentType", "application/json");
        document.put("servers", servers());
        document.put("channels", channels);
        document.put("operations", operations);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas.schemas());
        components.put("messages", messages);
        components.put("securitySchemes", securitySchemes());
        document.put("components", components);
        return document;
    }

    private static Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Janus sockets and events");
        info.put("version", "v1");
        info.put("description", """
                What Janus says on its WebSockets and on its event bus, generated from the code (the frame types of \
                janus-input, the event records of janus-events, the publishers and subscriptions each component \
                declares) by InterfaceDocuments and checked by a test. All \
                JSON is snake_case. The REST routes are described by the OpenAPI document at /v3/api-docs; the \
                events, with their fields in tables, also by docs/events.md.""");
        return info;
    }

    private static Map<String, Object> servers() {
        Map<String, Object> janus = new LinkedHashMap<>();
        janus.put("host", "127.0.0.1:8080");
        janus.put("protocol", "ws");
        janus.put("description", "janus-input (the all-in-one app): sockets need an API key as a bearer token or, "
                + "as browsers cannot set headers, the access_token query parameter; without configured keys, "
                + "loopback callers need none.");
        janus.put("security", List.of(Map.of("$ref", "#/components/securitySchemes/bearer"),
                Map.of("$ref", "#/components/securitySchemes/accessToken")));
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("host", "127.0.0.1:6379");
        redis.put("protocol", "redis");
        redis.put("description", "The event bus of a distributed Janus: a Redis stream per event type, each entry "
                + "the event as one JSON field `event` (plus `event_type`); consumer group = component. The "
                + "all-in-one app carries the same events on its in-memory bus.");
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("janus", janus);
        servers.put("redis", redis);
        return servers;
    }

    private static Map<String, Object> securitySchemes() {
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("bearer", Map.of("type", "http", "scheme", "bearer", "description",
                "Authorization: Bearer <api key> on the handshake"));
        schemes.put("accessToken", Map.of("type", "httpApiKey", "name", "access_token", "in", "query",
                "description", "the API key as a query parameter of the handshake"));
        return schemes;
    }

    private void socket(Map<String, Object> channels, Map<String, Object> operations, String name, String address,
            String description, Map<String, Object> received, Map<String, Object> sent, boolean sampleRate) {
        Map<String, Object> channelMessages = new LinkedHashMap<>();
        received.forEach(channelMessages::put);
        sent.forEach(channelMessages::put);
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", address);
        channel.put("title", address);
        channel.put("description", description);
        channel.put("servers", List.of(Map.of("$ref", "#/servers/janus")));
        channel.put("messages", channelMessages);
        channel.put("bindings", Map.of("ws", Map.of("method", "GET", "query", query(name, sampleRate),
                "bindingVersion", "0.1.0")));
        channels.put(name, channel);
        operations.put(name + "Receive", operation("receive", name, "What a client sends on " + address + ".",
                received.keySet().stream().toList()));
        operations.put(name + "Send", operation("send", name, "What Janus sends on " + address + ".",
                sent.keySet().stream().toList()));
    }

    private static Map<String, Object> query(String socket, boolean sampleRate) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("stream_id", Map.of("type", "string", "description", "the stream (conversation); 1..128 "
                + "letters, digits and . _ : - starting with a letter or digit; the caller's own or a new one"));
        if (!socket.equals(VIDEO_SOCKET)) {
            properties.put("user_id", Map.of("type", "string", "description", "the user of the socket; by default "
                    + "the principal (another user needs the admin role, or loopback mode)"));
        }
        if (sampleRate) {
            properties.put("sample_rate", Map.of("type", "integer", "minimum", 8000, "maximum", 48000,
                    "description", "the rate of the audio frames (default 16000)"));
        }
        properties.put("access_token", Map.of("type", "string", "description", "the API key, for clients that "
                + "cannot set the Authorization header"));
        return Map.of("type", "object", "properties", properties, "required", List.of("stream_id"));
    }

    private static Map<String, Object> operation(String action, String channel, String description,
            List<String> messageNames) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("action", action);
        operation.put("channel", Map.of("$ref", "#/channels/" + channel));
        operation.put("description", description);
        operation.put("messages", messageNames.stream()
                .map(message -> Map.of("$ref", "#/channels/" + channel + "/messages/" + message)).toList());
        return operation;
    }

    private void event(Map<String, Object> channels, Map<String, Object> operations, EventType type) {
        String name = type.wireName();
        List<String> publisherNames = registry.publishersOf(type);
        List<String> consumerNames = registry.consumersOf(type).stream().map(ComponentEvents.Consumed::group)
                .distinct().toList();
        String consumers = consumerNames.isEmpty() ? "none" : String.join(", ", consumerNames);
        String publishers = String.join(", ", publisherNames);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("allOf", List.of(schemas.ref(JanusEvent.class), Map.of("type", "object", "properties",
                Map.of("event_type", Map.of("const", name), "content", schemas.ref(type.contentType())))));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", name);
        message.put("title", name);
        message.put("summary", "A " + type.contentType().getSimpleName() + " from " + publishers + ".");
        message.put("contentType", "application/json");
        message.put("payload", payload);
        messages.put(name, message);

        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", "janus:" + name);
        channel.put("title", name);
        channel.put("description", "The Redis stream of " + name + ". Publishers: " + publishers
                + ". Consumers: " + consumers + ".");
        channel.put("servers", List.of(Map.of("$ref", "#/servers/redis")));
        channel.put("messages", Map.of("event", Map.of("$ref", "#/components/messages/" + name)));
        channels.put(name, channel);

        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("action", "send");
        operation.put("channel", Map.of("$ref", "#/channels/" + name));
        operation.put("summary", publishers + " publish" + (publisherNames.size() == 1 ? "es " : " ") + name);
        operation.put("messages", List.of(Map.of("$ref", "#/channels/" + name + "/messages/event")));
        operation.put("x-janus-publishers", publisherNames);
        operation.put("x-janus-consumers", consumerNames);
        operations.put(name + ".publish", operation);
    }

    /** A message per client frame, named by its type. */
    @SafeVarargs
    private Map<String, Object> clientMessages(Class<? extends ClientFrame>... frames) {
        Map<String, Object> channelMessages = new LinkedHashMap<>();
        for (Class<? extends ClientFrame> frame : frames) {
            String type = typeOf(frame);
            channelMessages.put(type, frameMessage(frame, type));
        }
        return channelMessages;
    }

    /** A message per record of a sealed frame interface, named by its type. */
    private Map<String, Object> frameMessages(Class<?> sealedFrame) {
        Map<String, Object> channelMessages = new LinkedHashMap<>();
        Arrays.stream(sealedFrame.getPermittedSubclasses()).forEach(frame -> {
            String type = typeOf(frame);
            channelMessages.put(type, frameMessage(frame, type));
        });
        return channelMessages;
    }

    private Map<String, Object> frameMessage(Class<?> frame, String type) {
        String name = schemaName(frame);
        if (!messages.containsKey(name)) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", type);
            message.put("title", type);
            message.put("contentType", "application/json");
            message.put("payload", schemas.ref(frame, Map.of("type", Map.of("const", type))));
            messages.put(name, message);
        }
        return Map.of("$ref", "#/components/messages/" + name);
    }

    private Map<String, Object> binary(String name, String contentType, String description) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", name);
        message.put("title", name);
        message.put("summary", description);
        message.put("contentType", contentType);
        message.put("payload", Map.of("type", "string", "format", "binary"));
        messages.put(name, message);
        return Map.of("$ref", "#/components/messages/" + name);
    }

    /** Schema names: a frame is named after its socket's frame family, so no two records share a name. */
    private static String schemaName(Class<?> type) {
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing == Frame.class) {
            return "ChatFrame." + type.getSimpleName();
        }
        if (enclosing == VoiceFrame.class) {
            return "VoiceFrame." + type.getSimpleName();
        }
        if (enclosing == ClientFrame.class) {
            return "ClientFrame." + type.getSimpleName();
        }
        return type.getSimpleName();
    }

    /** The {@code type} a frame record reports, from an instance made with default values. */
    private static String typeOf(Class<?> frame) {
        try {
            RecordComponent[] components = frame.getRecordComponents();
            Constructor<?> constructor = frame.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            Object[] values = Arrays.stream(components).map(component -> defaultValue(component.getType())).toArray();
            Object instance = constructor.newInstance(values);
            return (String) frame.getMethod("type").invoke(instance);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the type of " + frame.getName(), e);
        }
    }

    private static @Nullable Object defaultValue(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
