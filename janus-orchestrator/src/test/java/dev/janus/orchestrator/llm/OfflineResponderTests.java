package dev.janus.orchestrator.llm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.janus.events.AssembledContext;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
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

    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    private static final Instant AT = Instant.parse("2026-12-03T18:30:00Z");

    private final OfflineResponder responder = new OfflineResponder(OfflineResponderProperties.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));

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
    class SentenceTypes {

        @Test
        void neverThanksForAQuestionEvenWhenTheIntentSaysRemember() {
            // when
            GeneratedResponse response = respond(request("Which town does my brother live in?", "remember"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.DO_NOT_KNOW)
                    .doesNotContain(OfflineResponder.THANKS);
        }

        @Test
        void acknowledgesACommandToRemember() {
            // when
            GeneratedResponse response = respond(request("Can you remember that my locker number is 42?",
                    "question"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.WILL_REMEMBER);
        }

        @Test
        void thanksForAStatementToRemember() {
            // when
            GeneratedResponse response = respond(request("My dentist is called Dr. Okafor.", "remember"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.THANKS);
        }

        @Test
        void saysItCannotAnswerOtherRequestsWithoutAModel() {
            // when
            GeneratedResponse response = respond(request("Tell me a joke", "chitchat"));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.CANNOT_ANSWER);
        }
    }

    @Nested
    class Facts {

        @Test
        void answersFromTheUsersFactWhoseAttributeTheQuestionNamesAndSaysWhenItWasTold() {
            // given
            AssembledContext context = facts(fact("city", "Berlin", AT), fact("name", "Alice", AT));

            // when
            GeneratedResponse response = respond(request("What is my name?", "question", context));

            // then
            assertThat(response.text()).startsWith("Your name is Alice. You told me on 3 December.")
                    .doesNotContain("Berlin");
        }

        @Test
        void takesTheNewestFactOfAnAttributeAndNamesItAsTheQuestionDoes() {
            // given
            AssembledContext context = facts(fact("favourite colour", "green", AT.plusSeconds(60)),
                    fact("favourite colour", "blue", AT));

            // when
            GeneratedResponse response = respond(request("what's my favorite color?", "question", context));

            // then
            assertThat(response.text()).startsWith("Your favorite color is green.");
        }

        @Test
        void answersNaturalQuestionsAboutTheAttributesMemoryExtracts() {
            // given
            AssembledContext context = facts(fact("location", "Lisbon", AT), fact("employer", "Acme Corp", AT),
                    fact("job", "engineer", AT), fact("hometown", "Porto", AT), fact("age", "34", NOW));

            // then
            assertThat(respond(request("Where do I live?", "question", context)).text())
                    .startsWith("You live in Lisbon.").doesNotContain("Acme");
            assertThat(respond(request("where do I work?", "question", context)).text())
                    .startsWith("You work at Acme Corp.").doesNotContain("Lisbon");
            assertThat(respond(request("What is my job?", "question", context)).text())
                    .startsWith("You work as an engineer.");
            assertThat(respond(request("What do I do for a living?", "question", context)).text())
                    .startsWith("You work as an engineer.").doesNotContain("Lisbon");
            assertThat(respond(request("Where am I from?", "question", context)).text())
                    .startsWith("You are from Porto.");
            assertThat(respond(request("How old am I?", "question", context)).text())
                    .startsWith("You are 34 years old. You told me today.");
        }

        @Test
        void listsEveryValueOfLikesAndPreferences() {
            // given
            AssembledContext context = facts(fact("likes", "green tea", AT), fact("likes", "jazz", AT.plusSeconds(5)),
                    fact("preference", "window seats", AT), fact("dislikes", "olives", AT));

            // then
            assertThat(respond(request("What do I like?", "question", context)).text())
                    .startsWith("You like green tea and jazz.");
            assertThat(respond(request("what do I prefer?", "question", context)).text())
                    .startsWith("You prefer window seats.");
            assertThat(respond(request("What don't I like?", "question", context)).text())
                    .startsWith("You don't like olives.");
        }

        @Test
        void answersInTheQuestionsWordsThroughTheSharedSynonyms() {
            // given
            AssembledContext context = facts(fact("doctor", "Dr. Lee", AT), fact("spouse", "Clara", AT));

            // then
            assertThat(respond(request("Who is my GP?", "question", context)).text()).startsWith("Your GP is Dr. Lee.");
            assertThat(respond(request("What is my wife's name?", "question", context)).text())
                    .startsWith("Your wife's name is Clara.");
        }

        @Test
        void answersAboutWhatFollowsMyAndNothingElse() {
            // given
            AssembledContext context = facts(fact("name", "Carla", AT), fact("dog", "Rex", AT),
                    fact("location", "Oslo", AT));

            // then
            assertThat(respond(request("What is my dog's name?", "question", context)).text())
                    .startsWith("Your dog's name is Rex.").doesNotContain("Carla");
            assertThat(respond(request("Which town does my brother live in?", "question", context)).text())
                    .startsWith(OfflineResponder.DO_NOT_KNOW).doesNotContain("Oslo");
            assertThat(respond(request("What is my sister's name?", "question", context)).text())
                    .startsWith(OfflineResponder.DO_NOT_KNOW).doesNotContain("Carla");
        }

        @Test
        void answersNothingFromFactsTheQuestionDoesNotAskAbout() {
            // given
            AssembledContext context = facts(fact("location", "Lisbon", AT));

            // when
            GeneratedResponse response = respond(request("What is the capital of France?", "question", context));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.DO_NOT_KNOW).doesNotContain("Lisbon");
        }
    }

    @Nested
    class Recall {

        @Test
        void quotesWhatTheUserSaidAndWhenWhenItMatchesTheQuestion() {
            // given: the distractors are closer to the question by similarity
            AssembledContext context = recalled(
                    item("My sister's cat is called Tiger.", "user", AT, 0.69),
                    item("My dog's name is Rex.", "user", AT, 0.57),
                    item("I just got a kitten and named her Mochi.", "user", AT, 0.56));

            // when
            GeneratedResponse response = respond(request("What's my cat's name?", "question", context));

            // then
            assertThat(response.text()).startsWith(
                    "You told me on 3 December: \u201CI just got a kitten and named her Mochi.\u201D");
            assertThat(response.text()).doesNotContain("Tiger").doesNotContain("Rex");
        }

        @Test
        void answersAQuestionAboutSomeoneElseOnlyFromWhatWasSaidAboutThem() {
            // given
            AssembledContext context = recalled(item("I live in Berlin.", "user", AT, 0.6),
                    item("My sister lives in Paris.", "user", AT, 0.62),
                    item("My brother lives in Rome.", "user", AT, 0.56));

            // when
            GeneratedResponse response = respond(request("Which town does my brother live in?", "remember",
                    context));

            // then
            assertThat(response.text()).startsWith("You told me on 3 December: \u201CMy brother lives in Rome.\u201D");
        }

        @Test
        void answersAQuestionAboutSomeoneNamedFromWhatWasSaidAboutThemNotFromTheUsersFacts() {
            // given
            AssembledContext context = new AssembledContext(List.of(), List.of(fact("employer", "Initech", AT)),
                    List.of(item("My friend Sam works at Google.", "user", AT, 0.7)));

            // when
            GeneratedResponse response = respond(request("Where does Sam work?", "question", context));

            // then
            assertThat(response.text()).startsWith("You told me on 3 December: \u201CMy friend Sam works at Google.")
                    .doesNotContain("Initech");
        }

        @Test
        void saysItDoesNotKnowWhenTheMemoryIsAboutTheQuestionButGivesNoAnswerOfItsKind() {
            // given: similar enough, and about the report, but no time; about the party, but the time is elsewhere
            AssembledContext context = recalled(item("The quarterly report is almost done.", "user", AT, 0.72),
                    item("I'm not a party person, I left at 10.", "user", AT, 0.59),
                    item("We walked in the park on Sunday.", "user", AT, 0.54));

            // then
            assertThat(respond(request("When is the quarterly report due?", "question", context)).text())
                    .startsWith(OfflineResponder.DO_NOT_KNOW);
            assertThat(respond(request("When is the party?", "question", context)).text())
                    .startsWith(OfflineResponder.DO_NOT_KNOW);
            assertThat(respond(request("Where do I park?", "question", context)).text())
                    .startsWith(OfflineResponder.DO_NOT_KNOW);
        }

        @Test
        void saysItDoesNotKnowBelowTheSimilarityAndListsNothing() {
            // given
            AssembledContext context = recalled(item("The kitchen is being renovated.", "user", AT, 0.12));

            // when
            GeneratedResponse response = respond(request("When is the kitchen party?", "question", context));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.DO_NOT_KNOW).doesNotContain("renovated");
        }

        @Test
        void neverOffersAQuestionOrTheMessageItselfAsAMemory() {
            // given: asked twice
            AssembledContext context = recalled(item("Where did I leave my umbrella?", "user", AT, 1.0),
                    item("where did I leave my umbrella", "user", AT, 0.99));

            // when
            GeneratedResponse response = respond(request("Where did I leave my umbrella?", "question", context));

            // then
            assertThat(response.text()).startsWith(OfflineResponder.DO_NOT_KNOW);
        }

        @Test
        void namesAToolResultAsSuch() {
            // given
            AssembledContext context = recalled(item("The build of main failed because a test timed out.", "tool",
                    NOW, 0.7));

            // when
            GeneratedResponse response = respond(request("Why did the build of main fail?", "question", context));

            // then
            assertThat(response.text()).startsWith(
                    "From a tool result today: \u201CThe build of main failed because a test timed out.\u201D");
        }

        @Test
        void quotesTheNewestOfTwoItemsThatAnswerAlike() {
            // given
            AssembledContext context = recalled(item("The team standup is at 9:30.", "user", AT, 0.72),
                    item("The standup moved to 10:15.", "user", AT.plusSeconds(3_600), 0.66));

            // when
            GeneratedResponse response = respond(request("When is the standup?", "question", context));

            // then
            assertThat(response.text()).contains("10:15").doesNotContain("9:30");
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
            assertThat(response.text()).startsWith("Earlier you said: \u201Cthe build is broken on main\u201D");
        }
    }

    @Nested
    class ModelNote {

        @Test
        void comesOncePerConversation() {
            // when
            GeneratedResponse first = respond(request("what is the capital of France?", "question"), "stream-a");
            GeneratedResponse second = respond(request("what is the capital of Spain?", "question"), "stream-a");
            GeneratedResponse elsewhere = respond(request("what is the capital of Italy?", "question"), "stream-b");

            // then
            assertThat(first.text()).startsWith(OfflineResponder.DO_NOT_KNOW).contains(OfflineResponder.NO_MODEL)
                    .contains("janus.llm.provider").doesNotContain("Paris");
            assertThat(second.text()).doesNotContain(OfflineResponder.NO_MODEL);
            assertThat(elsewhere.text()).contains(OfflineResponder.NO_MODEL);
        }

        @Test
        void isNotRepeatedWhenTheConversationsTurnsAlreadyCarryIt() {
            // given: another instance gave it, memory recorded the reply
            AssembledContext context = new AssembledContext(List.of(new Turn("assistant",
                    "Hello!\n\n" + OfflineResponder.NO_MODEL, "reply/c-1", AT)), List.of(), List.of());

            // when
            GeneratedResponse response = respond(request("what is my name?", "question", context));

            // then
            assertThat(response.text()).doesNotContain(OfflineResponder.NO_MODEL);
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
        return respond(request, "stream-1");
    }

    private GeneratedResponse respond(LlmRequest request, String stream) {
        return respond(responder, request, stream);
    }

    static GeneratedResponse respond(OfflineResponder responder, LlmRequest request, String stream) {
        JanusEvent message = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, stream,
                new TextContent(request.userMessage()), new EventContext("janus-test", "user-1", "chat", null,
                        Map.of()));
        return responder.generate(request, message.reply(EventKeys.ORCHESTRATOR_LLM_REQUESTED, request,
                "janus-orchestrator"));
    }

    private static LlmRequest request(String message, String intent) {
        return request(message, intent, AssembledContext.empty());
    }

    private static LlmRequest request(String message, String intent, AssembledContext context) {
        return new LlmRequest(message, intent, context, List.of(), List.of());
    }

    private static AssembledContext facts(Fact... facts) {
        return new AssembledContext(List.of(), List.of(facts), List.of());
    }

    private static AssembledContext recalled(RecalledItem... items) {
        return new AssembledContext(List.of(), List.of(), List.of(items));
    }

    private static Fact fact(String attribute, String value, Instant at) {
        return new Fact("user-1-" + attribute + "-" + value, "user-1", attribute, value, List.of("e-0"), at);
    }

    private static RecalledItem item(String text, String role, Instant at, double similarity) {
        return new RecalledItem(text, "e-" + Math.abs(text.hashCode()), similarity, role, at, similarity);
    }
}
