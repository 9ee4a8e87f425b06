package dev.janus.orchestrator.join;

import static dev.janus.orchestrator.join.JoinStoreContractTests.inAMinute;
import static dev.janus.orchestrator.join.JoinStoreContractTests.message;
import static dev.janus.orchestrator.join.JoinStoreContractTests.toolResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.ToolResult;
import org.junit.jupiter.api.Test;

class JoinTests {

    @Test
    void anLlmRequestCarriesAtMostItsLimitOfToolResultsTheExpectedOnesFirst() {
        // given results of 40 calls nobody expected, then of the one expected
        JanusEvent message = message();
        Join join = Join.open(message, false, List.of("call-expected"), inAMinute());
        for (int i = 0; i < 40; i++) {
            join = join.with(toolResult(message, "call-other-" + i));
        }
        join = join.with(toolResult(message, "call-expected"));

        // when
        LlmRequest request = join.llmRequest("question");

        // then
        assertThat(request.toolResults()).hasSize(LlmRequest.MAX_TOOL_RESULTS).first()
                .extracting(ToolResult::callId).isEqualTo("call-expected");
    }
}
