package dev.janus.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.janus.bus.EventHistory;
import dev.janus.events.AssembledContext;
import dev.janus.events.Fact;
import dev.janus.events.RecalledItem;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory recall suite: scripted conversations (facts stated, distractors, updates that contradict earlier facts,
 * later questions; {@code memory-recall-conversations.json}) sent through the real all-in-one flow over REST with the
 * memory branch on. A question is recalled when its expected answer is among the facts or the top five recalled items
 * of the context the LLM request carried (recall@5); the offline responder's replies are scored by
 * {@link AnswerScores} (precision and recall of answering at {@code janus.llm.offline.answer-similarity}). Half of
 * the conversations ask in another stream than the one the facts were told in. Shares its Spring context with
 * {@link MemoryAnswerIntegrationTests}.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "janus.orchestrator.branches.memory=true",
                "janus.memory.consolidation.enabled=false" })
class MemoryRecallIntegrationTests {

    /** The share of questions recalled at least; measured 1.0 on 34 conversations when written. */
    private static final double RECALL_FLOOR = 0.9;

    @Autowired
    EventHistory history;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void recallsWhatUsersToldItAndAnswersFromIt() throws Exception {
        // given
        List<ScriptedConversations.Asked> asked = new ScriptedConversations(port, history)
                .run("/memory-recall-conversations.json", "recall-");
        assertThat(asked).hasSizeGreaterThanOrEqualTo(30);

        // when
        int recalled = 0;
        List<String> misses = new ArrayList<>();
        for (ScriptedConversations.Asked question : asked) {
            String expected = question.expected().toLowerCase(Locale.ROOT);
            AssembledContext context = question.request().context();
            boolean inFacts = context.facts().stream().map(Fact::value)
                    .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(expected));
            boolean inTopFive = context.recalled().stream().limit(5).map(RecalledItem::text)
                    .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(expected));
            if (inFacts || inTopFive) {
                recalled++;
            }
            else {
                misses.add(question.user() + ": " + question.question() + " (expected " + expected + ")");
            }
        }
        AnswerScores answers = AnswerScores.of(asked, ScriptedConversations.Asked::reply);

        // then
        double recallAt5 = recalled / (double) asked.size();
        System.out.printf(Locale.ROOT, "Memory recall suite: %d questions, recall@5 %.3f, misses: %s; offline "
                + "responder: %s%n", asked.size(), recallAt5, misses, answers.summary());
        assertThat(recallAt5).isGreaterThanOrEqualTo(RECALL_FLOOR);
        assertThat(answers.falseAnswers()).isEmpty();
        // one embedding per message: memory recalled with the one the orchestrator computed
        assertThat(meters.get("janus.memory.embeddings.carried").counter().count())
                .as("context requests whose embedding memory took").isGreaterThanOrEqualTo(asked.size());
    }

    @Test
    void theOfflineResponderAnswersWhatIsMyNameWithTheName() throws Exception {
        // given
        ScriptedConversations conversations = new ScriptedConversations(port, history);
        conversations.post("recall-name-1", "zoe", "Hello! My name is Zoe Quinn.");

        // when
        String reply = conversations.post("recall-name-2", "zoe", "What is my name?").get("text").stringValue();

        // then
        assertThat(reply).startsWith("Your name is Zoe Quinn. You told me today.");
    }
}
