package dev.janus.bench.bus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable;
import dev.janus.bus.config.BusProperties;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.AudioContent;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.ContextRequest;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.Fact;
import dev.janus.events.FormattedResponse;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import dev.janus.events.TextContent;
import dev.janus.events.TextEmbedding;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.events.Turn;
import dev.janus.events.VideoContent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * What the bus's streams cost in Redis memory: publishes through a {@link RedisEventBus} with default settings (so
 * default retention) conversation turns as the application produces them, one minute of microphone audio and one
 * minute of camera video, and reads {@code used_memory} ({@code INFO memory}) and the summed {@code MEMORY USAGE} of
 * the {@code janus:*} keys (type streams and conversation indexes) before and after each. Nothing consumes: consumer
 * groups add only their pending entries, which an acknowledgement removes.
 */
public final class RedisFootprint {

    public static final String NAME = "bus.footprint";

    private static final int TURNS = 2_000;
    private static final int CONVERSATIONS = 100;
    /** 20 ms frames of 16 kHz mono PCM16: 640 bytes, 50 a second. */
    private static final int AUDIO_CHUNK_BYTES = 640;
    private static final int AUDIO_CHUNKS_PER_MINUTE = 50 * 60;
    /** A JPEG of a 640×480 webcam frame at moderate quality: ~50 KB, 2 a second. */
    private static final int VIDEO_FRAME_BYTES = 50 * 1024;
    private static final int VIDEO_FRAMES_PER_MINUTE = 2 * 60;
    private static final int MAX_OUTSTANDING = 1_000;

    private final Random random = new Random(17);

    public void run(ResultTable table, RedisServer redis) throws Exception {
        redis.flushAll();
        BusProperties settings = InstrumentedBuses.redisSettings(redis.url());
        RedisClient client = RedisClient.create(redis.url());
        try (InstrumentedBuses buses = new InstrumentedBuses();
                RedisEventBus bus = buses.redis(settings);
                StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            // every stream exists before measuring, so the figures hold entries, not a stream's fixed cost
            publishAll(bus, turn("warm-up", 0));
            publishAll(bus, audio("warm-up", 1));
            publishAll(bus, video("warm-up", 1));

            List<JanusEvent> turns = new ArrayList<>();
            for (int i = 0; i < TURNS; i++) {
                turns.addAll(turn("conversation-" + (i % CONVERSATIONS), i));
            }
            Footprint turnCost = measure(commands, bus, turns);
            Footprint audioCost = measure(commands, bus, audio("audio-call", AUDIO_CHUNKS_PER_MINUTE));
            Footprint videoCost = measure(commands, bus, video("camera", VIDEO_FRAMES_PER_MINUTE));

            int turnEvents = turns.size() / TURNS;
            table.add(NAME, "per conversation turn (used_memory)", turnCost.usedMemory() / TURNS, "bytes", null,
                    String.format(Locale.ROOT, "%d events a turn (%,d JSON bytes), %,d turns over %d conversations; "
                            + "MEMORY USAGE of the janus:* keys %,.0f bytes a turn", turnEvents,
                            jsonBytes(turns) / TURNS, TURNS, CONVERSATIONS, turnCost.keys() / TURNS));
            table.add(NAME, "per minute of audio (used_memory)", audioCost.usedMemory(), "bytes", null,
                    String.format(Locale.ROOT, "%,d input.audio.chunk of %d PCM bytes (%,d JSON bytes each); "
                            + "MEMORY USAGE of the janus:* keys %,.0f bytes", AUDIO_CHUNKS_PER_MINUTE, AUDIO_CHUNK_BYTES,
                            jsonBytes(audio("probe", 1)), audioCost.keys()));
            table.add(NAME, "per minute of video (used_memory)", videoCost.usedMemory(), "bytes", null,
                    String.format(Locale.ROOT, "%,d input.video.frame of %,d JPEG bytes (%,d JSON bytes each); "
                            + "MEMORY USAGE of the janus:* keys %,.0f bytes", VIDEO_FRAMES_PER_MINUTE, VIDEO_FRAME_BYTES,
                            jsonBytes(video("probe", 1)), videoCost.keys()));
            retained(table, "input.audio.chunk", audioCost.usedMemory() / AUDIO_CHUNKS_PER_MINUTE,
                    AUDIO_CHUNKS_PER_MINUTE);
            retained(table, "input.video.frame", videoCost.usedMemory() / VIDEO_FRAMES_PER_MINUTE,
                    VIDEO_FRAMES_PER_MINUTE);
        }
        finally {
            client.shutdown();
        }
    }

    /** What the default retention of {@code type} keeps: the last maximum age of each client, up to the length. */
    private static void retained(ResultTable table, String type, double bytesPerEntry, int entriesPerMinute) {
        BusProperties.Retention retention = Objects.requireNonNull(BusProperties.Redis.DEFAULT_RETENTION.get(type),
                type + " has a default retention");
        long maxLength = retention.maxLength() == null ? 0 : retention.maxLength();
        double minutes = retention.maxAge() == null ? Double.NaN : retention.maxAge().toSeconds() / 60.0;
        double perClient = Math.min(maxLength, entriesPerMinute * minutes) * bytesPerEntry;
        table.add(NAME, type + " kept by default retention, one client", perClient, "bytes", null,
                String.format(Locale.ROOT, "the last %.0f min (max-age) of each client, %,.0f bytes an entry", minutes,
                        bytesPerEntry));
        table.add(NAME, type + " kept by default retention, at most", maxLength * bytesPerEntry, "bytes", null,
                String.format(Locale.ROOT, "max-length %,d entries, reached by %.1f clients at once", maxLength,
                        maxLength / (entriesPerMinute * minutes)));
    }

    private Footprint measure(RedisCommands<String, String> commands, RedisEventBus bus, List<JanusEvent> events)
            throws Exception {
        long usedBefore = usedMemory(commands);
        long keysBefore = keyMemory(commands);
        publishAll(bus, events);
        return new Footprint(usedMemory(commands) - usedBefore, keyMemory(commands) - keysBefore);
    }

    private static void publishAll(RedisEventBus bus, List<JanusEvent> events) {
        List<CompletableFuture<Void>> outstanding = new ArrayList<>();
        for (JanusEvent event : events) {
            outstanding.add(bus.publish(event));
            if (outstanding.size() == MAX_OUTSTANDING) {
                CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new)).join();
                outstanding.clear();
            }
        }
        CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new)).join();
    }

    private static long usedMemory(RedisCommands<String, String> commands) {
        for (String line : commands.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    /** The exact ({@code SAMPLES 0}) memory of every {@code janus:*} key. */
    private static long keyMemory(RedisCommands<String, String> commands) {
        long total = 0;
        ScanIterator<String> keys = ScanIterator.scan(commands, ScanArgs.Builder.matches("janus:*").limit(1_000));
        while (keys.hasNext()) {
            String key = keys.next();
            Object usage = commands.dispatch(io.lettuce.core.protocol.CommandType.MEMORY,
                    new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("USAGE")
                            .addKey(key).add("SAMPLES").add(0));
            total += usage instanceof Long bytes ? bytes : 0;
        }
        return total;
    }

    private static long jsonBytes(List<JanusEvent> events) {
        EventCodec codec = new EventCodec();
        return events.stream().mapToLong(event -> codec.encode(event).length).sum();
    }

    /**
     * The events of one chat turn with a tool, as the components publish them: the message, the intent, the context
     * and tools requests, memory's context (six recent turns, three facts, three recalled items), the tool's result,
     * the LLM request carrying both, the generated reply, the formatted reply and its delivery.
     */
    private List<JanusEvent> turn(String streamId, int number) {
        EventContext user = new EventContext("janus-input", "user-" + (number % 50), "chat", null, Map.of());
        String question = "Can you work out how much 37 licences at 129 euros each come to, and remind me what we "
                + "agreed with the supplier last week? (" + number + ")";
        String answer = "37 licences at 129 euros each come to 4,773 euros. Last week you agreed with the supplier "
                + "on a 12-month contract with a 10% discount from 30 seats, invoiced quarterly, and support by email "
                + "within one working day. With the discount, the 37 licences would come to 4,295.70 euros. Shall I "
                + "add a reminder to confirm the order before the end of the month?";
        Instant now = Instant.now();
        JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, streamId, new TextContent(question),
                user);
        ToolResult calculated = new ToolResult("call-1", "calculator", "{\"expression\":\"37*129\",\"result\":4773}",
                null, 3);
        List<Turn> recent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            recent.add(new Turn("user", "An earlier question of this conversation, about the supplier's contract and "
                    + "its renewal terms (" + i + ")", JanusEvent.newId(), now));
            recent.add(new Turn("assistant", answer, JanusEvent.newId(), now));
        }
        List<Fact> facts = List.of(
                new Fact("fact-1", "user", "employer", "Acme Logistics", List.of(JanusEvent.newId()), now),
                new Fact("fact-2", "user", "team", "platform engineering", List.of(JanusEvent.newId()), now),
                new Fact("fact-3", "supplier", "discount", "10% from 30 seats", List.of(JanusEvent.newId()), now));
        List<RecalledItem> recalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            recalled.add(new RecalledItem("We agreed on a 12-month contract with the supplier, 10% off from 30 seats, "
                    + "invoiced quarterly (" + i + ")", JanusEvent.newId(), 0.8, "user", now, 0.71));
        }
        AssembledContext context = new AssembledContext(recent, facts, recalled);
        return List.of(message,
                message.replyOnce(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED,
                        new ClassifiedIntent("calculation", 0.82, List.of("calculator")), "janus-orchestrator"),
                message.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                        new ContextRequest(question, user.userId(), 5, embedding()), "janus-orchestrator"),
                message.replyOnce(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED,
                        new ToolRequest(List.of(new ToolCall("call-1", "calculator", Map.of("expression", "37*129")))),
                        "janus-orchestrator"),
                message.replyOnce(EventKeys.MEMORY_CONTEXT_ASSEMBLED, context, "janus-memory"),
                message.replyOnce(EventKeys.TOOLS_EXECUTION_COMPLETED, calculated, "janus-tools"),
                message.replyOnce(EventKeys.ORCHESTRATOR_LLM_REQUESTED,
                        new LlmRequest(question, "calculation", context, List.of(calculated), List.of()),
                        "janus-orchestrator"),
                message.replyOnce(EventKeys.LLM_RESPONSE_GENERATED,
                        new GeneratedResponse(answer, "openai", "gpt-4o-mini", 1_180, 120, 1_450, null, false, false),
                        "janus-llm"),
                message.replyOnce(EventKeys.ORCHESTRATOR_RESPONSE_READY,
                        new FormattedResponse(answer, "chat", "markdown", List.of(calculated)), "janus-orchestrator"),
                message.replyOnce(EventKeys.OUTPUT_MESSAGE_SENT, new DeliveredMessage(answer, "chat", "websocket"),
                        "janus-output"));
    }

    /** A 384-dimension MiniLM embedding, quantised as the orchestrator sends it. */
    private TextEmbedding embedding() {
        byte[] values = new byte[384];
        random.nextBytes(values);
        return new TextEmbedding("all-minilm-l6-v2-q", 0.0123f, Base64.getEncoder().encodeToString(values));
    }

    private List<JanusEvent> audio(String streamId, int chunks) {
        EventContext context = new EventContext("janus-input", "user-audio", "voice", null, Map.of());
        List<JanusEvent> events = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            byte[] pcm = new byte[AUDIO_CHUNK_BYTES];
            random.nextBytes(pcm); // speech does not compress well either, and Redis does not compress
            events.add(JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, streamId,
                    new AudioContent(pcm, 16_000, 1, "pcm16", i), context));
        }
        return events;
    }

    private List<JanusEvent> video(String streamId, int frames) {
        EventContext context = new EventContext("janus-input", "user-video", "video", null, Map.of());
        List<JanusEvent> events = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            byte[] jpeg = new byte[VIDEO_FRAME_BYTES];
            random.nextBytes(jpeg); // JPEG data is entropy-coded: as good as random
            jpeg[0] = (byte) 0xFF;
            jpeg[1] = (byte) 0xD8;
            jpeg[2] = (byte) 0xFF;
            events.add(JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, streamId,
                    new VideoContent(jpeg, "image/jpeg", i), context));
        }
        return events;
    }

    /** Bytes one measured batch added: to {@code used_memory}, and to the {@code janus:*} keys' MEMORY USAGE. */
    private record Footprint(double usedMemory, double keys) {
    }
}
