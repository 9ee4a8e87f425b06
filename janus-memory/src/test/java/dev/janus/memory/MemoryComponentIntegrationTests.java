package dev.janus.memory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.redis.SharedRedis;
import dev.janus.events.AssembledContext;
import dev.janus.events.ConflictDetected;
import dev.janus.events.ContextRequest;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventLimits;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.Int8Vector;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.RecalledItem;
import dev.janus.events.TextContent;
import dev.janus.events.TextEmbedding;
import dev.janus.events.ToolResult;
import dev.janus.events.Turn;
import dev.janus.events.UserErased;
import dev.janus.memory.consolidation.Consolidation;
import dev.janus.memory.facts.FactStore;
import dev.janus.memory.facts.InMemoryFactStore;
import dev.janus.memory.facts.StoredFact;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.history.InMemoryHistoryStore;
import dev.janus.memory.history.RedisHistoryStore;
import dev.janus.memory.recall.BackgroundReembedding;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallItem;
import dev.janus.memory.recall.VectorStore;
import dev.janus.memory.recall.VolatileVectorStore;
import dev.janus.models.embedding.EmbeddingModels;
import dev.janus.models.embedding.NamedEmbeddingModel;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.RedisProcess;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The memory component as it runs: its configuration on a real bus (in memory, and Redis), the real MiniLM model,
 * events in, events out.
 */
class MemoryComponentIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** One model for every context of this class (the default, janus.embeddings.model): loading it takes seconds. */
    static final NamedEmbeddingModel MODEL = EmbeddingModels.load(EmbeddingModels.DEFAULT,
            Path.of("target", "djl-cache"), Runnable::run);

    abstract static class OnABus {

        /** Memory on this bus with {@code model}. */
        abstract ApplicationContextRunner runner(NamedEmbeddingModel model);

        ApplicationContextRunner runner() {
            return runner(MODEL);
        }

        @Test
        void recallsWithTheEmbeddingTheContextRequestCarriesWithoutEmbeddingAgain() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting)).run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given
                    send(harness, message("s-carried", "cy", "My bike is locked at the station."), MODEL.id());

                    // when
                    AssembledContext assembled = contextFor(harness, message("s-carried", "cy", "Where is my bike?"),
                            MODEL.id());

                    // then
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .contains("My bike is locked at the station.");
                    assertThat(counting.sentences()).isZero();
                }
            });
        }

        @Test
        void keepsTextOfInvisibleCharactersOnlyInTheHistoryWithoutEmbeddingIt() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting)).run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // when: text the embedding models refuse, with its context request (no embedding carried)
                    AssembledContext assembled = contextFor(harness, message("s-invisible", "gus", "\u200B\uFEFF\u00A0"));

                    // then: nothing to recall it by, and no failure
                    assertThat(assembled.recalled()).isEmpty();
                    HistoryStore history = context.getBean(HistoryStore.class);
                    await().atMost(WAIT).until(() -> history.all("s-invisible").size() == 1);
                    assertThat(context.getBean(RecallIndex.class).items("gus")).isEmpty();
                    assertThat(counting.sentences()).isZero();
                }
            });
        }

        @Test
        void embedsTheMessageItselfWhenTheCarriedEmbeddingIsAnotherModels() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting)).run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given
                    send(harness, message("s-foreign", "di", "My bike is locked at the station."),
                            EmbeddingModels.MINILM);

                    // when
                    AssembledContext assembled = contextFor(harness, message("s-foreign", "di", "Where is my bike?"),
                            EmbeddingModels.MINILM);

                    // then
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .contains("My bike is locked at the station.");
                    assertThat(counting.sentences()).isEqualTo(2);
                }
            });
        }

        @Test
        void aToolResultJoinsRecallUnderTheMessageItAnsweredWithoutAnEmbeddingOfItsOwn() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting)).run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given: a question indexed with the embedding its context request carried
                    JanusEvent asked = message("s-tool-recall", "gil", "How many seats do 17 rows of 23 make?");
                    send(harness, asked, MODEL.id());
                    JanusEvent result = calculatorResult(asked);

                    // when
                    harness.publish(result);

                    // then: in recall with the question's vector, nothing embedded
                    RecallIndex recall = context.getBean(RecallIndex.class);
                    String item = HistoryEntry.idFor("s-tool-recall", result.eventId());
                    await().atMost(WAIT).until(() -> recall.contains("gil", item));
                    assertThat(counting.sentences()).isZero();
                    assertThat(recall.vectorOf("gil", item)).containsExactly(
                            recall.vectorOf("gil", HistoryEntry.idFor("s-tool-recall", asked.eventId())),
                            org.assertj.core.data.Offset.offset(0.01f));

                    // and: asking about it again recalls the result
                    AssembledContext assembled = contextFor(harness,
                            message("s-tool-recall", "gil", "How many seats were in 17 rows of 23 again?"), MODEL.id());
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .contains("calculator: 17 * 23 = 391");
                }
            });
        }

        @Test
        void aToolResultThatComesWhileItsMessageWaitsForItsVectorJoinsRecallWithIt() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting))
                    .withPropertyValues("janus.memory.recall.embedding-wait=1m").run(context -> {
                        try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                            // given: a message waiting for its context request, and its tool's result, recorded as
                            // their handlers record them
                            MemoryRecorder recorder = context.getBean(MemoryRecorder.class);
                            String text = "How many seats do 17 rows of 23 make?";
                            JanusEvent asked = message("s-tool-wait", "ida", text);
                            JanusEvent result = recordWithItsResult(recorder, asked);
                            RecallIndex recall = context.getBean(RecallIndex.class);
                            String item = HistoryEntry.idFor("s-tool-wait", result.eventId());
                            assertThat(recall.contains("ida", item)).isFalse();

                            // when: the message is delivered again, and its context request brings its vector
                            recorder.recordArrivingMessage(asked, text);
                            JanusEvent request = asked.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                                    new ContextRequest(text, "ida", 5, TextEmbedding.of(MODEL.id(), MODEL.embed(text))),
                                    "janus-orchestrator");
                            AssembledContext assembled = harness.sendAndWait(request,
                                    EventType.MEMORY_CONTEXT_ASSEMBLED, WAIT).content(EventKeys.MEMORY_CONTEXT_ASSEMBLED);

                            // then: the result joined recall with it, nothing was embedded, and the turn's own
                            // result is not offered back to it as a memory
                            await().atMost(WAIT).until(() -> recall.contains("ida", item));
                            assertThat(counting.sentences()).isZero();
                            assertThat(assembled.recalled()).extracting(RecalledItem::text)
                                    .doesNotContain("calculator: 17 * 23 = 391");
                        }
                    });
        }

        @Test
        void aToolResultOfAFlowWithoutAMessageInRecallIsEmbeddedFromItsOwnText() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting)).run(context -> {
                // given: a flow that began with no message memory has
                JanusEvent unknown = message("s-tool-alone", "hal", "never recorded");
                JanusEvent result = unknown.reply(EventKeys.TOOLS_EXECUTION_COMPLETED,
                        new ToolResult("calculator-1", "calculator", "2 + 2 = 4", null, 1), "janus-tools");

                // when
                context.getBean(EventBus.class).publish(result).join();

                // then
                RecallIndex recall = context.getBean(RecallIndex.class);
                await().atMost(WAIT).until(
                        () -> recall.contains("hal", HistoryEntry.idFor("s-tool-alone", result.eventId())));
                assertThat(counting.sentences()).isEqualTo(1);
            });
        }

        @Test
        void embedsAMessageWhoseContextRequestDoesNotComeAfterTheWait() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting))
                    .withPropertyValues("janus.memory.recall.embedding-wait=50ms").run(context -> {
                        // given
                        JanusEvent message = message("s-alone", "eli", "The spare key is under the blue pot.");

                        // when: no orchestrator asks for context
                        context.getBean(EventBus.class).publish(message).join();

                        // then
                        RecallIndex recall = context.getBean(RecallIndex.class);
                        await().atMost(WAIT).untilAsserted(() -> assertThat(recall.items("eli"))
                                .extracting(RecallItem::text).containsExactly("The spare key is under the blue pot."));
                        assertThat(counting.sentences()).isEqualTo(1);
                    });
        }

        @Test
        void aMessageWhoseContextRequestNeverComesIsEmbeddedOnceWhenItsWaitEndsAndThenRecalled() {
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting))
                    .withPropertyValues("janus.memory.recall.embedding-wait=300ms").run(context -> {
                        try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                            // given: a message whose context request never comes
                            JanusEvent said = message("s-waiting", "fay", "The spare key is under the blue pot.");
                            harness.publish(said);
                            HistoryStore history = context.getBean(HistoryStore.class);
                            await().atMost(WAIT).until(() -> history.all("s-waiting").size() == 1);

                            // when its wait ends, memory embeds and indexes it itself
                            RecallIndex recall = context.getBean(RecallIndex.class);
                            String item = history.all("s-waiting").get(0).id();
                            await().atMost(WAIT).until(() -> recall.contains("fay", item));
                            AssembledContext assembled = contextFor(harness,
                                    message("s-waiting", "fay", "Where is the spare key?"), MODEL.id());

                            // then a recall finds it, and it was embedded once
                            assertThat(assembled.recalled()).extracting(RecalledItem::text)
                                    .contains("The spare key is under the blue pot.");
                            assertThat(counting.sentences()).isEqualTo(1);
                        }
                    });
        }

        @Test
        void storesMessagesToolResultsAndRepliesInOrderOnceEach() {
            runner().run(context -> {
                // given
                EventBus bus = context.getBean(EventBus.class);
                JanusEvent message = message("s-order", "ada", "What is 17 * 23?");
                JanusEvent tool = calculatorResult(message);
                JanusEvent reply = tool.reply(EventKeys.LLM_RESPONSE_GENERATED,
                        new GeneratedResponse("17 * 23 = 391", "offline", "offline-responder", 1, 1, 1), "janus-llm");

                // when: everything twice, as a redelivery would
                for (JanusEvent event : List.of(message, tool, reply, message, reply)) {
                    bus.publish(event).join();
                }

                // then
                HistoryStore history = context.getBean(HistoryStore.class);
                await().atMost(WAIT).untilAsserted(() -> assertThat(history.all("s-order"))
                        .extracting(HistoryEntry::role, HistoryEntry::sourceEventId)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("user", message.eventId()),
                                org.assertj.core.groups.Tuple.tuple("tool", tool.eventId()),
                                org.assertj.core.groups.Tuple.tuple("assistant", "reply/" + reply.correlationId())));
                assertThat(history.all("s-order").get(1).text()).isEqualTo("calculator: 17 * 23 = 391");
            });
        }

        @Test
        void aToolOutputAtTheSizeLimitStillGoesBackOutInTheNextContext() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given a fetched page as the tools cut it: at the limit, before the tool's name goes in front
                    JanusEvent asked = message("s-big-page", "ada", "Fetch the big page.");
                    contextFor(harness, asked);
                    String page = "x".repeat(EventLimits.MAX_TEXT_CHARS - 7);
                    harness.publish(asked.reply(EventKeys.TOOLS_EXECUTION_COMPLETED,
                            new ToolResult("http_get-1", "http_get", page, null, 5), "janus-tools"));
                    HistoryStore history = context.getBean(HistoryStore.class);
                    await().atMost(WAIT).until(() -> history.all("s-big-page").size() == 2);

                    // when the user asks on
                    AssembledContext assembled = contextFor(harness, message("s-big-page", "ada", "Summarise it."));

                    // then the tool's turn comes back, cut to what an event may carry
                    assertThat(assembled.recentTurns()).extracting(Turn::text).anySatisfy(text -> assertThat(text)
                            .startsWith("http_get: xxx").endsWith("(cut at the size limit)")
                            .hasSize(EventLimits.MAX_TEXT_CHARS));
                }
            });
        }

        @Test
        void aConversationOfTextsAtTheSizeLimitGetsItsNewestTurnsInAContextThatFitsAnEvent() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given nine messages at the size limit, of control characters: six bytes each in JSON, so
                    // that ten such turns take nearly all an event may carry (~1.9 MB), and the orchestrator's
                    // request carrying them beside the message could not be published
                    HistoryStore history = context.getBean(HistoryStore.class);
                    for (int i = 0; i < 9; i++) {
                        harness.publish(message("s-long-texts", "ada",
                                i + "\u0001".repeat(EventLimits.MAX_TEXT_CHARS - 1)));
                    }
                    await().atMost(WAIT).until(() -> history.all("s-long-texts").size() == 9);

                    // when the user writes once more
                    AssembledContext assembled = contextFor(harness,
                            message("s-long-texts", "ada", "9" + "\u0001".repeat(EventLimits.MAX_TEXT_CHARS - 1)));

                    // then the newest turns come back, as many as the context's budget holds (with their ids)
                    assertThat(assembled.recentTurns()).extracting(turn -> turn.text().charAt(0))
                            .containsExactly('7', '8', '9');
                }
            });
        }

        @Test
        void keepsOnlyWhatWasDeliveredOfAReplyTheUserInterruptedWhicheverArrivesFirst() {
            runner().run(context -> {
                // given two replies, interrupted by barge-in: one before its delivery is reported, one after
                EventBus bus = context.getBean(EventBus.class);
                HistoryStore history = context.getBean(HistoryStore.class);
                JanusEvent first = message("s-barge", "ada", "Tell me about Lisbon.");
                JanusEvent second = message("s-barge", "ada", "And Porto?");
                JanusEvent firstReply = first.reply(EventKeys.LLM_RESPONSE_GENERATED, new GeneratedResponse(
                        "Lisbon is the capital of Portugal. It lies on the Tagus.", "offline", "m", 1, 1, 1), "janus-llm");
                JanusEvent secondReply = second.reply(EventKeys.LLM_RESPONSE_GENERATED, new GeneratedResponse(
                        "Porto lies on the Douro. It is famous for its wine.", "offline", "m", 1, 1, 1), "janus-llm");

                // when
                bus.publish(first).join();
                bus.publish(firstReply).join();
                await().atMost(WAIT).until(() -> history.all("s-barge").size() == 2);
                bus.publish(interrupted(firstReply, "Lisbon is the capital of Portugal.")).join();
                bus.publish(second).join();
                bus.publish(interrupted(secondReply, "Porto lies on the Douro.")).join();
                await().atMost(WAIT).until(() -> history.all("s-barge").size() == 4);
                bus.publish(secondReply).join();

                // then
                await().atMost(WAIT).untilAsserted(() -> assertThat(history.all("s-barge"))
                        .filteredOn(entry -> entry.role().equals("assistant")).extracting(HistoryEntry::text)
                        .containsExactly("Lisbon is the capital of Portugal.", "Porto lies on the Douro."));
            });
        }

        @Test
        void answersAContextRequestWithRecentTurnsFactsAndRecalledItemsAcrossStreams() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given: facts and a remark in one stream
                    send(harness, message("s-first", "ada", "My name is Ada and I live in Lisbon."));
                    send(harness, message("s-first", "ada", "The quarterly report is due on the 30th of June."));
                    send(harness, message("s-first", "bob", "My name is Bob."));
                    JanusEvent question = message("s-second", "ada", "When is the quarterly report due?");

                    // when: asked in another stream
                    AssembledContext assembled = contextFor(harness, question);

                    // then
                    assertThat(assembled.facts()).extracting(Fact::attribute, Fact::value).contains(
                            org.assertj.core.groups.Tuple.tuple("name", "Ada"),
                            org.assertj.core.groups.Tuple.tuple("location", "Lisbon"));
                    assertThat(assembled.facts()).extracting(Fact::value).doesNotContain("Bob");
                    assertThat(assembled.facts().get(0).provenance()).hasSize(1);
                    assertThat(assembled.recalled()).first().extracting(RecalledItem::text)
                            .isEqualTo("The quarterly report is due on the 30th of June.");
                    assertThat(assembled.recalled()).first().extracting(RecalledItem::role)
                            .isEqualTo(RecalledItem.USER);
                    assertThat(assembled.recalled().get(0).similarity()).isBetween(0.25, 1.0);
                    assertThat(assembled.recalled().get(0).at()).isNotNull();
                    assertThat(assembled.recalled()).extracting(RecalledItem::sourceEventId)
                            .doesNotContain(question.eventId());
                    assertThat(assembled.recentTurns()).extracting(Turn::text)
                            .containsExactly("When is the quarterly report due?");
                }
            });
        }

        @Test
        void recallsThingsSaidNotQuestionsAskedAndEachTextOnce() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given
                    send(harness, message("s-umbrella", "uma", "I left my umbrella in meeting room 4."));
                    send(harness, message("s-umbrella", "uma", "I left my umbrella in meeting room 4."));
                    send(harness, message("s-umbrella", "uma", "Where did I leave my umbrella?"));

                    // when: asked again
                    AssembledContext assembled = contextFor(harness,
                            message("s-umbrella", "uma", "Where did I leave my umbrella?"));

                    // then
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .containsExactly("I left my umbrella in meeting room 4.");
                }
            });
        }

        @Test
        void publishesAConflictWithBothFactsAndKeepsTheOlderAsHistory() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given
                    JanusEvent first = message("s-conflict", "cy", "I live in Berlin.");
                    send(harness, first);

                    // when
                    JanusEvent second = message("s-conflict", "cy", "Actually, I live in Munich now.");
                    JanusEvent conflict = harness.sendAndWait(second, EventType.MEMORY_CONFLICT_DETECTED, WAIT);

                    // then
                    ConflictDetected detected = conflict.content(EventKeys.MEMORY_CONFLICT_DETECTED);
                    assertThat(detected.existing().value()).isEqualTo("Berlin");
                    assertThat(detected.existing().provenance()).containsExactly(first.eventId());
                    assertThat(detected.incoming().value()).isEqualTo("Munich");
                    assertThat(detected.incoming().provenance()).containsExactly(second.eventId());
                    assertThat(conflict.causationId()).isEqualTo(second.eventId());
                    assertThat(context.getBean(UserMemories.class).of("cy").facts())
                            .extracting(stored -> stored.fact().value(), StoredFact::isCurrent)
                            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Berlin", false),
                                    org.assertj.core.groups.Tuple.tuple("Munich", true));
                }
            });
        }

        @Test
        void reportsARepeatedQuestionARecurringTopicAndARoutineTimeWithEvidence() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given: the same hour on three days, the word "invoice" three times, one question twice
                    Instant day = Instant.parse("2026-03-10T08:15:00Z");
                    JanusEvent ask = messageAt("s-pattern", "dee", "How do I submit an invoice?", day);
                    JanusEvent again = messageAt("s-pattern", "dee", "how can I submit my invoice?",
                            day.plus(Duration.ofDays(1)));
                    JanusEvent third = messageAt("s-pattern", "dee", "The invoice template changed.",
                            day.plus(Duration.ofDays(2)));

                    // when: each through the flow once memory has it (a request handled before its message would
                    // date it by the request, today, not by the backdated message)
                    HistoryStore history = context.getBean(HistoryStore.class);
                    for (JanusEvent message : List.of(ask, again, third)) {
                        harness.publish(message);
                        await().atMost(WAIT).until(() -> history.all("s-pattern").stream()
                                .anyMatch(entry -> entry.sourceEventId().equals(message.eventId())));
                        send(harness, message);
                    }

                    // then
                    Map<String, PatternDetected> patterns = new java.util.HashMap<>();
                    await().atMost(WAIT).untilAsserted(() -> {
                        harness.publishedEvents().stream()
                                .filter(event -> event.eventType() == EventType.MEMORY_PATTERN_DETECTED)
                                .map(event -> event.content(EventKeys.MEMORY_PATTERN_DETECTED))
                                .forEach(pattern -> patterns.put(pattern.kind() + ":" + pattern.description(), pattern));
                        assertThat(patterns.keySet()).anyMatch(key -> key.startsWith("repeated_question"))
                                .anyMatch(key -> key.startsWith("recurring_topic:'invoice'"))
                                .anyMatch(key -> key.startsWith("routine_time"));
                    });
                    PatternDetected question = patterns.values().stream()
                            .filter(p -> p.kind().equals("repeated_question")).findFirst().orElseThrow();
                    assertThat(question.evidence()).containsExactlyInAnyOrder(ask.eventId(), again.eventId());
                    assertThat(question.occurrences()).isEqualTo(2);
                    PatternDetected routine = patterns.values().stream()
                            .filter(p -> p.kind().equals("routine_time")).findFirst().orElseThrow();
                    assertThat(routine.occurrences()).isEqualTo(3);
                    assertThat(routine.evidence()).containsExactlyInAnyOrder(ask.eventId(), again.eventId(),
                            third.eventId());
                }
            });
        }

        @Test
        void forgettingAUserRemovesHistoryFactsAndEmbeddings() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given
                    send(harness, message("s-forget", "eve", "My name is Eve and my favourite colour is teal."));
                    send(harness, message("s-forget", "fay", "My name is Fay."));
                    UserMemories memories = context.getBean(UserMemories.class);
                    assertThat(memories.of("eve").isEmpty()).isFalse();

                    // when
                    UserMemories.Forgotten forgotten = memories.forget("eve");

                    // then
                    assertThat(forgotten.facts()).isEqualTo(2);
                    assertThat(forgotten.historyItems()).isEqualTo(1);
                    assertThat(forgotten.recallItems()).isEqualTo(1);
                    assertThat(memories.of("eve").isEmpty()).isTrue();
                    assertThat(context.getBean(HistoryStore.class).all("s-forget")).extracting(HistoryEntry::userId)
                            .containsOnly("fay");
                    AssembledContext after = contextFor(harness, message("s-other", "eve", "What is my name?"));
                    assertThat(after.facts()).isEmpty();
                    assertThat(after.recalled()).isEmpty();
                }
            });
        }

        @Test
        void anErasureAnnouncedByAnotherInstanceEmptiesThisOnesCachedTexts() {
            runner().run(context -> {
                try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                    // given a message embedded here
                    send(harness, message("s-cached", "gil", "My name is Gil."));
                    Embedder embedder = context.getBean(Embedder.class);
                    assertThat(embedder.cached("My name is Gil.")).isNotNull();

                    // when another memory instance announces it forgot a user
                    harness.publish(JanusEvent.create(EventKeys.MEMORY_USER_ERASED, "erasures",
                            new UserErased("gil", Instant.now(), List.of("s-cached")),
                            EventContext.from(MemoryConfiguration.COMPONENT)));

                    // then this one forgets its cached texts too
                    await().atMost(WAIT).until(() -> embedder.cached("My name is Gil.") == null);
                }
            });
        }
    }

    @Nested
    class OnTheInMemoryBus extends OnABus {

        @Override
        ApplicationContextRunner runner(NamedEmbeddingModel model) {
            return base(model).withPropertyValues("janus.bus.type=memory");
        }

        @Test
        void toolResultsThatWaitedWithAMessageWhoseIndexingFailedJoinRecallWhenItsRequestComesAgain() {
            // a store that refuses the message's vector once, as a store out of reach would
            AtomicInteger refusals = new AtomicInteger(1);
            VectorStore kept = new VolatileVectorStore();
            VectorStore store = (VectorStore) Proxy.newProxyInstance(VectorStore.class.getClassLoader(),
                    new Class<?>[] { VectorStore.class }, (proxy, method, arguments) -> {
                        if (method.getName().equals("put")
                                && ((VectorStore.StoredVector) arguments[0]).item().role().equals(HistoryEntry.USER)
                                && refusals.getAndDecrement() > 0) {
                            throw new IllegalStateException("vector store out of reach");
                        }
                        try {
                            return method.invoke(kept, arguments);
                        }
                        catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            CountingModel counting = new CountingModel(MODEL.model());
            runner(new NamedEmbeddingModel(MODEL.id(), counting))
                    .withPropertyValues("janus.memory.recall.embedding-wait=1m")
                    .withBean("refusingOnce", VectorStore.class, () -> store,
                            definition -> definition.setPrimary(true))
                    .run(context -> {
                        // given: a message waiting for its context request, with its tool's result
                        MemoryRecorder recorder = context.getBean(MemoryRecorder.class);
                        String text = "How many seats do 17 rows of 23 make?";
                        JanusEvent asked = message("s-tool-retry", "jo", text);
                        JanusEvent result = recordWithItsResult(recorder, asked);

                        // when: its context request fails to index it once, and is retried by the bus
                        context.getBean(EventBus.class).publish(asked.replyOnce(
                                EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                                new ContextRequest(text, "jo", 5, TextEmbedding.of(MODEL.id(), MODEL.embed(text))),
                                "janus-orchestrator")).join();

                        // then: the result joined recall with the message on the retry, nothing embedded
                        RecallIndex recall = context.getBean(RecallIndex.class);
                        await().atMost(WAIT).until(() -> recall.contains("jo",
                                HistoryEntry.idFor("s-tool-retry", result.eventId())));
                        assertThat(refusals.get()).isNegative();
                        assertThat(counting.sentences()).isZero();
                    });
        }

        @Test
        void sendsTheReadsOfRecentTurnsAndFactsBeforeWaitingForEither() {
            // given: stores that log when a read is sent and when it is waited for
            List<String> reads = new CopyOnWriteArrayList<>();
            HistoryStore history = loggingReads(HistoryStore.class, new InMemoryHistoryStore(), "readRecent", "recent",
                    reads);
            FactStore facts = loggingReads(FactStore.class, new InMemoryFactStore(), "readOf", "facts", reads);
            runner().withBean("loggedHistory", HistoryStore.class, () -> history, definition -> definition.setPrimary(true))
                    .withBean("loggedFacts", FactStore.class, () -> facts, definition -> definition.setPrimary(true))
                    .run(context -> {
                        try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                            // when: a message that states no fact, so the facts are read once
                            contextFor(harness, message("s-reads", "ivy", "Where did I leave my umbrella?"));

                            // then: one round trip for both, not one after the other
                            assertThat(reads).containsExactly("recent sent", "facts sent", "recent awaited",
                                    "facts awaited");
                        }
                    });
        }

        @Test
        void answersAContextRequestBeforePublishingWhatItsMessageTaught() {
            runner().run(context -> {
                EventBus bus = context.getBean(EventBus.class);
                try (EventTestHarness harness = new EventTestHarness(bus)) {
                    // given: a context request whose message memory has not seen yet
                    JanusEvent message = message("s-first", "zed", "My name is Zed.");
                    JanusEvent request = message.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                            new ContextRequest("My name is Zed.", "zed", 5, null), "janus-orchestrator");

                    // when
                    harness.publish(request);
                    harness.awaitEvent(EventType.MEMORY_FACT_LEARNED,
                            event -> message.eventId().equals(event.causationId()), WAIT);

                    // then: the answer (with the fact it taught) went out first, in the bus's publish order
                    List<String> order = ((EventHistory) bus).recentEvents(EventPattern.of("memory.*"), null, 100)
                            .stream().map(event -> event.eventType().wireName()).toList();
                    assertThat(order).containsSubsequence("memory.context.assembled", "memory.fact.learned");
                    assertThat(harness.awaitEvent(EventType.MEMORY_CONTEXT_ASSEMBLED,
                            event -> event.correlationId().equals(request.correlationId()), WAIT)
                            .content(EventKeys.MEMORY_CONTEXT_ASSEMBLED).facts()).extracting(Fact::value)
                            .contains("Zed");
                }
            });
        }

        @Test
        void answersPastTheRecallBudgetWithTheMessageItsFactsAndNoRecalledItemsWhileTheEmbeddingIsStillRunning() {
            // given: a model that holds every embedding of "Berlin" until released, and a short recall budget
            GatedModel gated = new GatedModel(MODEL.model(), "Berlin");
            runner(new NamedEmbeddingModel(MODEL.id(), gated)).withPropertyValues("janus.memory.recall-budget=300ms")
                    .run(context -> {
                        try (EventTestHarness harness = new EventTestHarness(context.getBean(EventBus.class))) {
                            send(harness, message("s-move", "uma", "I live in Paris."));
                            JanusEvent message = message("s-move", "uma", "I moved to Berlin.");
                            JanusEvent request = message.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                                    new ContextRequest("I moved to Berlin.", "uma", 5, null), "janus-orchestrator");

                            // when: its context is requested (the message itself never arrives here)
                            AssembledContext assembled;
                            try {
                                assembled = harness.sendAndWait(request, EventType.MEMORY_CONTEXT_ASSEMBLED, WAIT)
                                        .content(EventKeys.MEMORY_CONTEXT_ASSEMBLED);
                            }
                            finally {
                                gated.release();
                            }

                            // then: the message is the latest turn and its fact is current, though recall timed out
                            assertThat(assembled.recalled()).isEmpty();
                            assertThat(assembled.recentTurns()).extracting(Turn::text).last()
                                    .isEqualTo("I moved to Berlin.");
                            assertThat(assembled.facts()).extracting(Fact::value).contains("Berlin")
                                    .doesNotContain("Paris");
                        }
                    });
        }

        @Test
        void keepsStateInThisJvm() {
            runner().run(context -> assertThat(context.getBean(HistoryStore.class))
                    .isInstanceOf(InMemoryHistoryStore.class));
        }
    }

    @Nested
    class OnRedis extends OnABus {

        @Override
        ApplicationContextRunner runner(NamedEmbeddingModel model) {
            var endpoint = RedisExtension.sharedEndpoint();
            endpoint.flush();
            return base(model).withPropertyValues("janus.bus.type=redis", "janus.bus.redis.url=" + endpoint.url());
        }

        @Test
        void reembedsWhatAnotherModelStoredInTheBackgroundAtStart() {
            ApplicationContextRunner runner = runner();
            RecallItem passport = item("ivy", "item-passport", "My passport is in the top drawer.");
            RecallItem bike = item("ivy", "item-bike", "My bike is locked at the station.");
            runner.run(first -> {
                // given: one vector of another model, one written before vectors carried their model's id
                VectorStore store = first.getBean(VectorStore.class);
                store.put(staleVector(passport));
                store.put(staleVector(bike));
                forgetModelId(first.getBean(SharedRedis.class), bike);
            });

            // when: memory starts again
            runner.run(second -> {
                VectorStore store = second.getBean(VectorStore.class);
                assertThat(second.getBean(BackgroundReembedding.class).awaitFinished(WAIT.toMillis())).isTrue();

                // then
                assertThat(store.load("ivy")).extracting(VectorStore.StoredVector::model)
                        .containsOnly(EmbeddingModels.DEFAULT).hasSize(2);
                try (EventTestHarness harness = new EventTestHarness(second.getBean(EventBus.class))) {
                    AssembledContext assembled = contextFor(harness,
                            message("s-model", "ivy", "Where is my passport?"));
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .contains("My passport is in the top drawer.");
                }
            });
        }

        @Test
        void consolidationReembedsWhatAnotherModelStored() {
            runner().run(context -> {
                // given
                assertThat(context.getBean(BackgroundReembedding.class).awaitFinished(WAIT.toMillis())).isTrue();
                VectorStore store = context.getBean(VectorStore.class);
                RecallItem passport = item("jo", "item-passport", "My passport is in the top drawer.");
                store.put(staleVector(passport));
                RecallIndex recall = context.getBean(RecallIndex.class);
                assertThat(recall.items("jo")).isEmpty();

                // when
                context.getBean(Consolidation.class).runFor("jo");

                // then
                assertThat(store.load("jo")).extracting(VectorStore.StoredVector::model)
                        .containsExactly(EmbeddingModels.DEFAULT);
                assertThat(recall.items("jo")).containsExactly(passport);
            });
        }

        private static RecallItem item(String user, String id, String text) {
            return new RecallItem(id, user, "s-model", "user", text, "e-" + id, Instant.now());
        }

        /** The item with a vector of another model: a vector unrelated to its text. */
        private static VectorStore.StoredVector staleVector(RecallItem item) {
            return new VectorStore.StoredVector(item, Int8Vector.of(MODEL.embed("The weather is fine today.")),
                    EmbeddingModels.MINILM);
        }

        /** Rewrites the item's entry as an earlier version wrote it: without the model's id. */
        private static void forgetModelId(SharedRedis redis, RecallItem item) {
            String key = "janus:memory:vectors:" + item.userId();
            JsonMapper json = JsonMapper.builder().build();
            ObjectNode entry = (ObjectNode) json.readTree(redis.sync().hget(key, item.id()));
            entry.remove("model");
            redis.sync().hset(key, item.id(), json.writeValueAsString(entry));
        }

        @Test
        void aMessageStillWaitingForItsEmbeddingWhenMemoryStopsIsRecalledAfterTheRestart() {
            ApplicationContextRunner runner = runner().withPropertyValues("janus.memory.recall.embedding-wait=1m");
            runner.run(first -> {
                // given: a message recorded, its context request not come
                first.getBean(EventBus.class).publish(message("s-stop", "ida", "The ladder is in the garage.")).join();
                HistoryStore history = first.getBean(HistoryStore.class);
                await().atMost(WAIT).until(() -> history.all("s-stop").size() == 1);
                assertThat(first.getBean(RecallIndex.class).items("ida")).isEmpty();
            }); // when memory stops

            // then it was indexed on the way down
            runner.run(second -> assertThat(second.getBean(RecallIndex.class).items("ida"))
                    .extracting(RecallItem::text).containsExactly("The ladder is in the garage."));
        }

        @Test
        void aSecondInstanceOnTheSameRedisSeesHistoryFactsAndEmbeddings() {
            ApplicationContextRunner runner = runner();
            runner.run(first -> {
                try (EventTestHarness harness = new EventTestHarness(first.getBean(EventBus.class))) {
                    send(harness, message("s-restart", "gus", "My name is Gus. The boiler is serviced every March."));
                }
            });
            runner.run(second -> {
                assertThat(second.getBean(HistoryStore.class)).isInstanceOf(RedisHistoryStore.class);
                try (EventTestHarness harness = new EventTestHarness(second.getBean(EventBus.class))) {
                    AssembledContext assembled = contextFor(harness,
                            message("s-restart", "gus", "When is the boiler serviced?"));
                    assertThat(assembled.facts()).extracting(Fact::value).contains("Gus");
                    assertThat(assembled.recalled()).extracting(RecalledItem::text)
                            .contains("My name is Gus. The boiler is serviced every March.");
                    assertThat(assembled.recentTurns()).hasSize(2);
                }
            });
        }

        @Test
        void survivesARestartOfRedisWithAppendOnlyPersistence() {
            try (RedisProcess redis = RedisProcess.start(List.of("--appendonly", "yes", "--appendfsync", "always"))) {
                ApplicationContextRunner runner = base().withPropertyValues("janus.bus.type=redis",
                        "janus.bus.redis.url=" + redis.url());
                runner.run(first -> {
                    try (EventTestHarness harness = new EventTestHarness(first.getBean(EventBus.class))) {
                        send(harness, message("s-aof", "hal", "I work at Initech."));
                    }
                });
                redis.restart();
                runner.run(second -> {
                    try (EventTestHarness harness = new EventTestHarness(second.getBean(EventBus.class))) {
                        AssembledContext assembled = contextFor(harness, message("s-aof", "hal", "Where do I work?"));
                        assertThat(assembled.facts()).extracting(Fact::attribute, Fact::value)
                                .contains(org.assertj.core.groups.Tuple.tuple("employer", "Initech"));
                        assertThat(assembled.recentTurns()).extracting(Turn::text).first()
                                .isEqualTo("I work at Initech.");
                    }
                });
            }
        }
    }

    static ApplicationContextRunner base() {
        return base(MODEL);
    }

    static ApplicationContextRunner base(NamedEmbeddingModel model) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class))
                .withBean(NamedEmbeddingModel.class, () -> model)
                .withUserConfiguration(MemoryConfiguration.class)
                .withPropertyValues("janus.memory.consolidation.enabled=false", "janus.memory.recall-budget=5s");
    }

    /**
     * {@code store} behind a proxy that logs each call of its {@code readMethod} as "{@code name} sent", and the wait
     * for what it read as "{@code name} awaited".
     */
    static <S> S loggingReads(Class<S> type, S store, String readMethod, String name, List<String> log) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, arguments) -> {
                    Object result;
                    try {
                        result = method.invoke(store, arguments);
                    }
                    catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals(readMethod)) {
                        return result;
                    }
                    log.add(name + " sent");
                    Supplier<?> reading = (Supplier<?>) result;
                    return (Supplier<Object>) () -> {
                        log.add(name + " awaited");
                        return reading.get();
                    };
                }));
    }

    /** What voice reports when barge-in cut a reply short. */
    static JanusEvent interrupted(JanusEvent reply, String delivered) {
        JanusEvent sent = reply.reply(EventKeys.OUTPUT_MESSAGE_SENT, new DeliveredMessage(delivered, "voice", "voice"),
                "janus-input");
        return new JanusEvent(sent.eventId(), sent.streamId(), sent.eventType(), sent.timestamp(), sent.content(),
                new EventContext("janus-input", "ada", "voice", null, Map.of("interrupted", "true", "reason", "barge_in")),
                sent.traceId(), sent.correlationId(), sent.causationId(), sent.schemaVersion());
    }

    static JanusEvent message(String stream, String user, String text) {
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, stream, new TextContent(text),
                new EventContext("janus-test", user, "chat", null, Map.of()));
    }

    static JanusEvent messageAt(String stream, String user, String text, Instant at) {
        return message(stream, user, text).withTimestamp(at);
    }

    /** The calculator's result in the flow of {@code asked}, as the tools component publishes it. */
    static JanusEvent calculatorResult(JanusEvent asked) {
        return asked.reply(EventKeys.TOOLS_EXECUTION_COMPLETED,
                new ToolResult("calculator-1", "calculator", "17 * 23 = 391", null, 2), "janus-tools");
    }

    /**
     * Records {@code asked} as its handler does (it then waits for its context request's vector), and its calculator's
     * result as the result's handler does; returns the result.
     */
    static JanusEvent recordWithItsResult(MemoryRecorder recorder, JanusEvent asked) {
        recorder.recordArrivingMessage(asked, asked.content(EventKeys.INPUT_MESSAGE_RECEIVED).text());
        JanusEvent result = calculatorResult(asked);
        recorder.recordToolResult(result, "calculator: 17 * 23 = 391");
        return result;
    }

    /** Sends a message with its context request, as the orchestrator does, and waits for the context. */
    static AssembledContext contextFor(EventTestHarness harness, JanusEvent message) throws TimeoutException {
        return contextFor(harness, message, null);
    }

    /**
     * Sends a message with its context request carrying the message's embedding labelled {@code carriedModel} (none
     * when absent), as the orchestrator does, and waits for the context.
     */
    static AssembledContext contextFor(EventTestHarness harness, JanusEvent message, @Nullable String carriedModel)
            throws TimeoutException {
        harness.publish(message);
        String text = message.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
        TextEmbedding carried = carriedModel == null ? null : TextEmbedding.of(carriedModel, MODEL.embed(text));
        JanusEvent request = message.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                new ContextRequest(text, message.context().userId(), 5, carried), "janus-orchestrator");
        return harness.sendAndWait(request, EventType.MEMORY_CONTEXT_ASSEMBLED, WAIT)
                .content(EventKeys.MEMORY_CONTEXT_ASSEMBLED);
    }

    /** A message through the flow: memory has stored it once its context is assembled. */
    static void send(EventTestHarness harness, JanusEvent message) throws TimeoutException {
        contextFor(harness, message);
    }

    /** A message through the flow with its embedding labelled {@code carriedModel}. */
    static void send(EventTestHarness harness, JanusEvent message, String carriedModel) throws TimeoutException {
        contextFor(harness, message, carriedModel);
    }

    /** The real model, holding every batch with a text containing {@code marker} until {@link #release()}. */
    static final class GatedModel implements EmbeddingModel {

        private final EmbeddingModel model;
        private final String marker;
        private final CountDownLatch released = new CountDownLatch(1);

        GatedModel(EmbeddingModel model, String marker) {
            this.model = model;
            this.marker = marker;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            if (segments.stream().anyMatch(segment -> segment.text().contains(marker))) {
                try {
                    released.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return model.embedAll(segments);
        }

        void release() {
            released.countDown();
        }
    }

    /** The real model, counting the sentences it embeds. */
    static final class CountingModel implements EmbeddingModel {

        private final EmbeddingModel model;
        private final AtomicInteger sentences = new AtomicInteger();

        CountingModel(EmbeddingModel model) {
            this.model = model;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            sentences.addAndGet(segments.size());
            return model.embedAll(segments);
        }

        int sentences() {
            return sentences.get();
        }
    }
}
