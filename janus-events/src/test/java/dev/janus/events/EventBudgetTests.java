package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * A context and an LLM request cut to what an event holds, however long the conversation's texts and the tools'
 * answers: the worst case is every text at its size limit and made of control characters, six bytes each in JSON.
 */
class EventBudgetTests {

    private static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");
    private static final String LONGEST = "\u0001".repeat(EventLimits.MAX_TEXT_CHARS);

    private final EventCodec codec = new EventCodec();

    @Test
    void aContextWithinItsBudgetIsLeftAsItIs() {
        // given
        AssembledContext context = new AssembledContext(List.of(turn(0, "hi"), turn(1, "hello, how can I help?")),
                List.of(fact("Lisbon")), List.of(item("I live in Lisbon")));

        // then
        assertThat(context.within(AssembledContext.MAX_TEXT_CHARS)).isSameAs(context);
    }

    @Test
    void keepsTheNewestTurnsThenTheFactsThenTheBestItemsThatFit() {
        // given: 10 characters of budget
        AssembledContext context = new AssembledContext(
                List.of(turn(0, "oldest"), turn(1, "older"), turn(2, "new")),
                List.of(fact("Lisbon"), fact("Porto")), List.of(item("best"), item("b")));

        // when
        AssembledContext cut = context.within(3 + 5 + 1);

        // then: "new" and "older" (8), not "oldest"; the facts' subject, attribute and value do not fit; nor does
        // the first item, so none after it
        assertThat(cut.recentTurns()).extracting(Turn::text).containsExactly("older", "new");
        assertThat(cut.facts()).isEmpty();
        assertThat(cut.recalled()).isEmpty();
        // the three turns, both facts (subject, attribute and value: 18 and 17) and the best item, not the next
        assertThat(context.within(14 + 18 + 17 + 4).recalled()).extracting(RecalledItem::text)
                .containsExactly("best");
    }

    @Test
    void anLlmRequestOfTheLongestConversationAndToolAnswersStillEncodes() {
        // given: ten turns and ten recalled items at the size limit, eight tools answering as much
        AssembledContext context = new AssembledContext(
                IntStream.range(0, 10).mapToObj(i -> turn(i, LONGEST)).toList(), List.of(fact("Lisbon")),
                IntStream.range(0, 10).mapToObj(i -> item(LONGEST)).toList());
        List<ToolResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(new ToolResult("call-" + i, "http_get", LONGEST, null, 10));
        }
        assertThatThrownBy(() -> codec.encode(request(new LlmRequest(LONGEST, "question", context, results,
                List.of())))).as("as it was built before").isInstanceOf(InvalidEventException.class);

        // when
        LlmRequest fitted = LlmRequest.fitted(LONGEST, "question", context, results, List.of());

        // then: the newest turns kept, every tool's answer cut to an equal share
        assertThat(codec.encode(request(fitted)).length).isLessThanOrEqualTo(EventLimits.MAX_EVENT_BYTES);
        assertThat(fitted.context().recentTurns()).hasSize(4).last().isEqualTo(context.recentTurns().get(9));
        assertThat(fitted.context().recalled()).isEmpty();
        assertThat(fitted.toolResults()).hasSize(8).allSatisfy(result -> assertThat(result.output())
                .hasSize(LlmRequest.MAX_TOOL_TEXT_CHARS / 8).endsWith("..."));
    }

    @Test
    void aFailedToolsErrorIsCutAsAnOutputIs() {
        // given
        List<ToolResult> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(new ToolResult("call-" + i, "http_get", null, "\u0001".repeat(4_000), 10));
        }
        results.set(0, new ToolResult("call-0", "calculator", "391", null, 1));

        // when
        LlmRequest fitted = LlmRequest.fitted("what is 17 * 23?", "calculation", AssembledContext.empty(), results,
                List.of());

        // then: 124,003 characters in all, within the budget: nothing cut
        assertThat(fitted.toolResults()).isEqualTo(results);
    }

    private static JanusEvent request(LlmRequest request) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_LLM_REQUESTED, "conversation-1", request,
                EventContext.from("janus-orchestrator"));
    }

    private static Turn turn(int index, String text) {
        return new Turn(index % 2 == 0 ? "user" : "assistant", text, "event-" + index, AT);
    }

    private static Fact fact(String value) {
        return new Fact("fact-" + value, "user", "lives_in", value, List.of(), AT);
    }

    private static RecalledItem item(String text) {
        return new RecalledItem(text, "event-" + text.length(), 0.9, "user", AT, 0.8);
    }
}
