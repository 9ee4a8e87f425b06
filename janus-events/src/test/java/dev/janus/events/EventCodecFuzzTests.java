package dev.janus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the codec on hostile input: whatever arrives — random text, random bytes, valid events
 * mutated at random, deeply nested JSON — decoding either yields a valid event or throws
 * {@link InvalidEventException} with a message; nothing else escapes.
 */
class EventCodecFuzzTests {

    private final EventCodec codec = new EventCodec();

    @Property(tries = 500)
    void randomTextIsAnEventOrAClearRefusal(@ForAll @StringLength(max = 2_000) String text) {
        assertDecodesOrRefuses(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void randomBytesAreAnEventOrAClearRefusal(@ForAll @Size(max = 4_000) byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    @Property(tries = 2_000)
    void mutatedEventsAreEventsOrClearRefusals(@ForAll("mutations") Mutation mutation) {
        assertDecodesOrRefuses(mutation.apply().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack(@ForAll @IntRange(min = 33, max = 20_000) int depth) {
        String nested = "{\"content\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertDecodesOrRefuses(nested.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void anyValidMessageSurvivesTheRoundTrip(@ForAll("messages") JanusEvent message) {
        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
    }

    @Property(tries = 2_000)
    void theOnePassReadingAgreesWithTheTreesReading(@ForAll("mutations") Mutation mutation) {
        byte[] json = mutation.apply().getBytes(StandardCharsets.UTF_8);
        assertThat(outcomeOf(() -> codec.decode(json))).isEqualTo(outcomeOf(() -> codec.decodeThroughTree(json)));
    }

    @Property(tries = 100)
    void everyTypeAsEncodedIsReadInOnePassAsTheTreeReadsIt(@ForAll EventType type) {
        byte[] json = codec.encode(EventFixtures.eventOf(type));
        assertThat(codec.decodeInOnePass(json)).isNotNull().isEqualTo(codec.decodeThroughTree(json));
    }

    @Property(tries = 1_000)
    void utcInstantsAreReadAsJavaReadsThem(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(second, nanos);
        assertThat(EventCodec.utcInstant(instant.toString())).isEqualTo(instant);
    }

    @Property(tries = 1_000)
    void textsThatAreNoUtcInstantAreLeftToJackson(@ForAll @StringLength(max = 30) String text) {
        Instant read = EventCodec.utcInstant(text);
        if (read != null) {
            assertThat(Instant.parse(text)).isEqualTo(read);
        }
    }

    /** The event decoded, or the message of the refusal. */
    private static Object outcomeOf(java.util.function.Supplier<JanusEvent> decoding) {
        try {
            return decoding.get();
        }
        catch (InvalidEventException e) {
            return e.getMessage();
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> encoded = Arbitraries.of(EventType.values())
                .map(type -> codec.encodeToString(EventFixtures.eventOf(type)));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 4);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> inserted = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "null", "-1", "1e999", "\\u0000", "\"\":\"\""));
        return Combinators.combine(encoded, kind, where, where, inserted).as(Mutation::new);
    }

    @Provide
    Arbitrary<JanusEvent> messages() {
        Arbitrary<String> streamIds = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_:.")
                .ofMinLength(0).ofMaxLength(100).map(tail -> "s" + tail);
        Arbitrary<String> texts = Arbitraries.strings().ofMaxLength(3_000).filter(text -> !text.isBlank());
        Arbitrary<String> users = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64);
        return Combinators.combine(streamIds, texts, users).as((stream, text, user) -> JanusEvent.create(
                EventKeys.INPUT_MESSAGE_RECEIVED, stream, new TextContent(text),
                new EventContext("janus-input", user, "chat", null, Map.of("locale", "en"))));
    }

    private void assertDecodesOrRefuses(byte[] bytes) {
        try {
            JanusEvent event = codec.decode(bytes);
            assertThat(event.eventId()).isNotBlank();
        }
        catch (InvalidEventException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** One edit of an encoded event: delete, insert, replace, truncate or duplicate a span. */
    record Mutation(String json, int kind, double start, double length, String inserted) {

        String apply() {
            int from = (int) (start * json.length());
            int to = Math.min(json.length(), from + (int) (length * 40));
            return switch (kind) {
                case 0 -> json.substring(0, from) + json.substring(to);
                case 1 -> json.substring(0, from) + inserted + json.substring(from);
                case 2 -> json.substring(0, from) + inserted + json.substring(to);
                case 3 -> json.substring(0, from);
                default -> json.substring(0, to) + json.substring(from);
            };
        }
    }
}
