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
    /** What a turn of {@link #turn} with a text of 100 characters counts: role, text, event id and the rest. */
    private static final int TURN_OF_100 = 4 + 100 + 7 + AssembledContext.ITEM_OVERHEAD_CHARS;

    private final EventCodec codec = new EventCodec();

    @Test
    void aContextWithinItsBudgetIsLeftAsItIs() {
        // given
        AssembledContext context = new AssembledContext(List.of(turn(0, "hi"), turn(1, "hello, how can I help?")),
                List.of(fact("Lisbon")), List.of(item("I live in Lisbon", 2)));

        // then
        assertThat(context.within(AssembledContext.MAX_TEXT_CHARS)).isSameAs(context);
    }

    @Test
    void keepsTheNewestTurnsThenTheFactsThenTheBestItemsThatFit() {
        // given three turns of 100 characters, two facts and two items
        AssembledContext context = new AssembledContext(
                List.of(turn(0, "a".repeat(100)), turn(1, "b".repeat(100)), turn(2, "c".repeat(100))),
                List.of(fact("Lisbon"), fact("Porto")), List.of(item("best", 4), item("b", 5)));
        int lisbon = 11 + 4 + 8 + 6 + AssembledContext.ITEM_OVERHEAD_CHARS;
        int porto = 10 + 4 + 8 + 5 + AssembledContext.ITEM_OVERHEAD_CHARS;
        int best = 4 + 7 + 4 + AssembledContext.ITEM_OVERHEAD_CHARS;

        // when
        AssembledContext twoTurns = context.within(2 * TURN_OF_100 + 1);
        AssembledContext allButTheLastItem = context.within(3 * TURN_OF_100 + lisbon + porto + best);

        // then: what does not fit leaves out all that comes after it of its kind
        assertThat(twoTurns.recentTurns()).extracting(Turn::eventId).containsExactly("event-1", "event-2");
        assertThat(twoTurns.facts()).isEmpty();
        assertThat(twoTurns.recalled()).isEmpty();
        assertThat(allButTheLastItem.recentTurns()).hasSize(3);
        assertThat(allButTheLastItem.facts()).hasSize(2);
        assertThat(allButTheLastItem.recalled()).extracting(RecalledItem::text).containsExactly("best");
    }

    @Test
    void anLlmRequestOfTheLongestConversationAndToolAnswersStillEncodes() {
        // given: ten turns and ten recalled items at the size limit, eight tools answering as much
        AssembledContext context = new AssembledContext(
                IntStream.range(0, 10).mapToObj(i -> turn(i, LONGEST)).toList(), List.of(fact("Lisbon")),
                IntStream.range(0, 10).mapToObj(i -> item(LONGEST, i)).toList());
        List<ToolResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(new ToolResult("call-" + i, "http_get", LONGEST, null, 10));
        }
        assertThatThrownBy(() -> codec.encode(request(new LlmRequest(LONGEST, "question", context, results,
                List.of())))).as("as it was built before").isInstanceOf(InvalidEventException.class);

        // when
        LlmRequest fitted = LlmRequest.fitted(LONGEST, "question", context, results, List.of());

        // then: the three newest turns and the fact kept, every tool's answer cut to an equal share
        assertThat(codec.encode(request(fitted)).length).isLessThanOrEqualTo(EventLimits.MAX_EVENT_BYTES);
        assertThat(fitted.context().recentTurns()).hasSize(3).last().isEqualTo(context.recentTurns().get(9));
        assertThat(fitted.context().facts()).hasSize(1);
        assertThat(fitted.context().recalled()).isEmpty();
        int share = (ToolResult.MAX_LISTED_CHARS - 8 * (6 + 8 + ToolResult.LISTED_OVERHEAD_CHARS)) / 8;
        assertThat(fitted.toolResults()).hasSize(8)
                .allSatisfy(result -> assertThat(result.output()).hasSize(share).endsWith("..."));
    }

    @Test
    void cutsTheLongestTextsEachToAnEqualShareOfWhatTheShorterLeftFailedToolsErrorsToo() {
        // given a short answer, a failure of 2,000 characters and 30 of the longest ids, names and errors
        List<ToolResult> results = new ArrayList<>();
        results.add(new ToolResult("call-0", "calculator", "391", null, 1));
        results.add(new ToolResult("call-1", "http_get", null, "\u0001".repeat(2_000), 10));
        for (int i = 2; i < 32; i++) {
            results.add(new ToolResult("c".repeat(120) + i, "t".repeat(EventLimits.MAX_ID_CHARS), null,
                    "\u0001".repeat(4_000), 10));
        }

        // when
        List<ToolResult> listed = ToolResult.listed(results);

        // then: the two shorter whole; the others share what they left, more than an equal split of all would give
        // them (~3,790), and all of it fits
        assertThat(listed.subList(0, 2)).isEqualTo(results.subList(0, 2));
        assertThat(listed.subList(2, 32)).allSatisfy(result -> assertThat(result.error()).endsWith("...")
                .hasSizeLessThan(4_000).hasSizeGreaterThan(3_900));
        assertThat(listed.stream().mapToInt(result -> result.callId().length() + result.toolName().length()
                + String.valueOf(result.succeeded() ? result.output() : result.error()).length()
                + ToolResult.LISTED_OVERHEAD_CHARS).sum()).isLessThanOrEqualTo(ToolResult.MAX_LISTED_CHARS);
        assertThat(ToolResult.listed(results.subList(0, 20))).as("within the budget").isEqualTo(results.subList(0, 20));
    }

    private static JanusEvent request(LlmRequest request) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_LLM_REQUESTED, "conversation-1", request,
                EventContext.from("janus-orchestrator"));
    }

    private static Turn turn(int index, String text) {
        return new Turn("user", text, "event-" + index, AT);
    }

    private static Fact fact(String value) {
        return new Fact("fact-" + value, "user", "lives_in", value, List.of(), AT);
    }

    private static RecalledItem item(String text, int index) {
        return new RecalledItem(text, "event-" + index, 0.9, "user", AT, 0.8);
    }
}
