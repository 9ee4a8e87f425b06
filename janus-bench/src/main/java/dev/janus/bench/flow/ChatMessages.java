package dev.janus.bench.flow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;

/**
 * The messages the flow benchmarks send: what users type into the chat (greetings, help requests, arithmetic with
 * varying numbers, time and unit questions, facts about themselves, small talk), each as the first message of a
 * conversation of its own, {@code conversation-<n>}, from {@value #USERS} users in turn (at 200 messages/s each user
 * says one thing a second, and memory keeps an index per user). Seeded, so every run sends the same sequence. Not
 * thread-safe.
 */
final class ChatMessages {

    static final int USERS = 200;

    /** Formats take up to two numbers; arithmetic is weighted up, as the most varied text. */
    private static final List<String> FORMATS = List.of(
            "hi", "hello!", "good morning Janus", "hey there, how's it going?",
            "can you help me?", "what can you do for me?", "I need some help planning my week",
            "what is %d * %d?", "calculate %d + %d", "how much is %d divided by %d?", "what's %d times %d?",
            "what is %d%% of %d?", "what is %d - %d?", "what is %d * %d?",
            "what time is it in Tokyo?", "what's the date today?", "what time is it in New York right now?",
            "convert %d km to miles", "how many feet are in %d meters?", "%d fahrenheit in celsius",
            "my name is Alice", "remember that I live in Lisbon", "my favourite colour is green",
            "what is my name?", "where do I live?", "who wrote Hamlet?",
            "tell me a joke", "thanks, that was great", "how are you doing today?");

    private final Random random = new Random(20_240_601);
    private int conversations;

    /** A new message (fresh event and correlation id) opening the next conversation. */
    JanusEvent next() {
        int conversation = conversations++;
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "conversation-" + conversation,
                new TextContent(text()), new EventContext("bench", "user-" + conversation % USERS, "chat", null,
                        Map.of()));
    }

    /** The text of a message. */
    String text() {
        String format = FORMATS.get(random.nextInt(FORMATS.size()));
        return String.format(Locale.ROOT, format, 2 + random.nextInt(998), 2 + random.nextInt(98));
    }
}
