package dev.janus.orchestrator.llm;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.janus.events.AssembledContext;
import dev.janus.events.EventContext;
import dev.janus.events.EventType;
import dev.janus.events.Fact;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import dev.janus.events.TextContent;
import dev.janus.events.ToolResult;
import dev.janus.events.Turn;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineResponderTests {

    private static final Instant AT = Instant.parse("2026-03-14T09:00:00Z");

    private final OfflineResponder responder = new OfflineResponder();

    @Nested
    class Introductions {

        @Test
        void saysWhatJanusCanHelpWithWhenAskedForHelp() {
            // when
            GeneratedResponse response = respond(request("Hello, can you help me?", "help"));

            // then
            assertThat(response.text().toLowerCase()).contains("help").contains("arithmetic");
        }

        @Test
        void introducesItselfToAGreeting() {
            // when
            GeneratedResponse response = respond(request("hi there", "greeting"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.INTRODUCTION);
        }
    }

    @Nested
    class ToolResults {

        @Test
        void statesTheOutputOfATool() {
            // given
            LlmRequest request = new LlmRequest("what is 17 * 23?", "calculation", AssembledContext.empty(),
                    List.of(new ToolResult("calculator-1", "calculator", "17 * 23 = 391", null, 3)), List.of());

            // when
            GeneratedResponse response = respond(request);

            // then
            assertThat(response.text()).startsWith("17 * 23 = 391\n\n");
        }

        @Test
        void listsSeveralResultsAndSaysWhyAToolFailed() {
            // given
            LlmRequest request = new LlmRequest("what is 1 / 0 and 5 km in miles", "calculation",
                    AssembledContext.empty(), List.of(new ToolResult("calculator-1", "calculator", null,
                            "division by zero", 1), new ToolResult("units-1", "units", "5 km = 3.107 mi", null, 1)),
                    List.of());

            // when
            GeneratedResponse response = respond(request);

            // then
            assertThat(response.text()).startsWith(
                    "- The calculator tool failed: division by zero\n- 5 km = 3.107 mi\n\n");
        }
    }

    @Nested
    class Context {

        @Test
        void answersFromTheUsersFactWhoseAttributeTheQuestionNames() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "city", "Berlin", AT), fact("user-1", "name", "Alice", AT)), List.of());

            // when
            GeneratedResponse response = respond(request("What is my name?", "question", context));

            // then
            assertThat(response.text()).startsWith("Your name is Alice.");
            assertThat(response.text()).doesNotContain("Berlin");
        }

        @Test
        void takesTheNewestFactOfAnAttribute() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "favourite_colour", "green", AT.plusSeconds(60)),
                    fact("user-1", "favourite_colour", "blue", AT)), List.of());

            // when
            GeneratedResponse response = respond(request("what's my favourite colour?", "question", context));

            // then
            assertThat(response.text()).startsWith("Your favourite colour is green.");
        }

        @Test
        void answersNaturalQuestionsAboutTheAttributesMemoryExtracts() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "location", "Lisbon", AT), fact("user-1", "employer", "Acme Corp", AT),
                    fact("user-1", "job", "engineer", AT), fact("user-1", "hometown", "Porto", AT),
                    fact("user-1", "age", "34", AT)), List.of());

            // then
            assertThat(respond(request("Where do I live?", "question", context)).text())
                    .startsWith("You live in Lisbon.").doesNotContain("Acme");
            assertThat(respond(request("where do I work?", "question", context)).text())
                    .startsWith("You work at Acme Corp.").doesNotContain("Lisbon");
            assertThat(respond(request("What is my job?", "question", context)).text())
                    .startsWith("You work as an engineer.");
            assertThat(respond(request("Where am I from?", "question", context)).text())
                    .startsWith("You are from Porto.");
            assertThat(respond(request("How old am I?", "question", context)).text())
                    .startsWith("You are 34 years old.");
        }

        @Test
        void listsEveryValueOfLikesAndPreferences() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "likes", "green tea", AT), fact("user-1", "likes", "jazz", AT.plusSeconds(5)),
                    fact("user-1", "preference", "window seats", AT)), List.of());

            // then
            assertThat(respond(request("What do I like?", "question", context)).text())
                    .startsWith("You like green tea and jazz.");
            assertThat(respond(request("what do I prefer?", "question", context)).text())
                    .startsWith("You prefer window seats.");
        }

        @Test
        void foldsAmericanAndBritishSpellingsOfTheAttribute() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "favourite colour", "blue", AT)), List.of());

            // when
            GeneratedResponse response = respond(request("What is my favorite color?", "question", context));

            // then
            assertThat(response.text()).startsWith("Your favourite colour is blue.");
        }

        @Test
        void answersNothingFromFactsTheQuestionDoesNotAskAbout() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(
                    fact("user-1", "location", "Lisbon", AT)), List.of());

            // when
            GeneratedResponse response = respond(request("What is the capital of France?", "question", context));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.CANNOT_ANSWER).doesNotContain("Lisbon");
        }

        @Test
        void repeatsWhatTheUserSaidWhenAsked() {
            // given
            AssembledContext context = new AssembledContext(List.of(
                    new Turn("user", "the build is broken on main", "e-1", AT),
                    new Turn("assistant", "Thanks for telling me.", "e-2", AT),
                    new Turn("user", "what did I say?", "e-3", AT)), List.of(), List.of());

            // when
            GeneratedResponse response = respond(request("what did I say?", "question", context));

            // then
            assertThat(response.text()).startsWith("Earlier you said: \"the build is broken on main\"");
        }

        @Test
        void listsRecalledItemsThatShareWordsWithTheQuestion() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(), List.of(
                    new RecalledItem("the deploy runs every Friday", "e-1", 0.5),
                    new RecalledItem("I like green tea", "e-2", 0.9)));

            // when
            GeneratedResponse response = respond(request("when does the deploy run?", "question", context));

            // then
            assertThat(response.text()).contains("- the deploy runs every Friday").doesNotContain("green tea");
            assertThat(response.text()).startsWith(OfflineResponder.CANNOT_ANSWER);
        }

        @Test
        void saysItCannotAnswerWhatTheContextDoesNotHold() {
            // when
            GeneratedResponse response = respond(request("what is the capital of France?", "question"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.CANNOT_ANSWER)
                    .contains("No language model is configured").contains("janus.llm.provider")
                    .doesNotContain("Paris");
        }
    }

    @Test
    void namesTheBranchesThatDidNotAnswer() {
        // given
        LlmRequest request = new LlmRequest("what is my name?", "question", AssembledContext.empty(), List.of(),
                List.of("memory"));

        // when
        GeneratedResponse response = respond(request);

        // then
        assertThat(response.text()).contains("(Memory did not answer in time");
    }

    @Test
    void reportsItselfAndCountsWordsAsTokens() {
        // given
        LlmRequest request = new LlmRequest("what is 17 * 23?", "calculation", AssembledContext.empty(),
                List.of(new ToolResult("calculator-1", "calculator", "17 * 23 = 391", null, 3)), List.of());

        // when
        GeneratedResponse response = respond(request);

        // then
        assertThat(response.provider()).isEqualTo("offline");
        assertThat(response.model()).isEqualTo("offline-responder");
        assertThat(response.promptTokens()).isEqualTo(5 + 5);
        assertThat(response.completionTokens()).isEqualTo(response.text().strip().split("\\s+").length);
        assertThat(response.latencyMs()).isNotNegative();
    }

    private GeneratedResponse respond(LlmRequest request) {
        JanusEvent message = JanusEvent.create(EventType.INPUT_MESSAGE_RECEIVED, "stream-1",
                new TextContent(request.userMessage()), new EventContext("janus-test", "user-1", "chat", null, Map.of()));
        return responder.generate(request, message.reply(EventType.ORCHESTRATOR_LLM_REQUESTED, request,
                "janus-orchestrator"));
    }

    private static LlmRequest request(String message, String intent) {
        return request(message, intent, AssembledContext.empty());
    }

    private static LlmRequest request(String message, String intent, AssembledContext context) {
        return new LlmRequest(message, intent, context, List.of(), List.of());
    }

    private static Fact fact(String subject, String attribute, String value, Instant at) {
        return new Fact(subject + "-" + attribute + "-" + value, subject, attribute, value, List.of("e-0"), at);
    }
}
