package dev.janus.memory.facts;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The LLM extractor against a real HTTP server speaking OpenAI's chat-completions JSON. */
class LlmFactExtractorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatCompletionsServer server;
    private LlmFactExtractor extractor;
    private ListAppender<ILoggingEvent> logged;

    @BeforeEach
    void start() throws Exception {
        server = new ChatCompletionsServer();
        extractor = extractorWithTimeout(Duration.ofSeconds(5));
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(LlmFactExtractor.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LlmFactExtractor.class)).detachAppender(logged);
        server.close();
    }

    private LlmFactExtractor extractorWithTimeout(Duration timeout) {
        return new LlmFactExtractor(new OpenAiChatEndpoint(URI.create(server.baseUrl()), "sk-test-key", "gpt-4o-mini"),
                timeout, new RuleBasedFactExtractor());
    }

    @Nested
    class WhenTheModelAnswers {

        @Test
        void returnsTheFactsOfTheModelsAnswer() {
            // given
            server.thenAnswer("[{\"attribute\":\"name\",\"value\":\"Ada\"},"
                    + "{\"attribute\":\"home city\",\"value\":\"Lisbon\"},"
                    + "{\"attribute\":\"occupation\",\"value\":\"mathematician\"},"
                    + "{\"attribute\":\"favorite color\",\"value\":\"teal\"},"
                    + "{\"attribute\":\"likes\",\"value\":\"hiking\"},{\"attribute\":\"likes\",\"value\":\"chess\"}]");

            // when: a phrasing no rule knows
            List<ExtractedFact> facts = extractor.extract("Ada here, crunching numbers for a living down in Lisbon.");

            // then: attributes in the vocabulary of FactAttributes
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value).containsExactly(
                    tuple("name", "Ada"), tuple("location", "Lisbon"), tuple("job", "mathematician"),
                    tuple("favourite colour", "teal"), tuple("likes", "hiking"), tuple("likes", "chess"));
        }

        @Test
        void sendsTheModelTheKeyAsBearerAndTheUsersText() throws Exception {
            // given
            server.thenAnswer("[]");

            // when
            extractor.extract("I moved to Porto last spring.");

            // then
            ChatCompletionsServer.Received request = server.takeRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
            assertThat(body.path("temperature").asInt()).isZero();
            assertThat(body.path("stream").asBoolean()).isFalse();
            assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("system");
            assertThat(body.path("messages").path(0).path("content").asString()).contains("JSON array");
            assertThat(body.path("messages").path(1).path("role").asString()).isEqualTo("user");
            assertThat(body.path("messages").path(1).path("content").asString())
                    .isEqualTo("I moved to Porto last spring.");
        }

        @Test
        void sendsNoAuthorizationToAServerWithoutAKey() throws Exception {
            // given
            LlmFactExtractor keyless = new LlmFactExtractor(
                    new OpenAiChatEndpoint(URI.create(server.baseUrl() + "/"), "", "local-model"),
                    Duration.ofSeconds(5), new RuleBasedFactExtractor());
            server.thenAnswer("[]");

            // when
            keyless.extract("I like tea.");

            // then
            ChatCompletionsServer.Received request = server.takeRequest();
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.authorization()).isEmpty();
        }

        @Test
        void readsAnAnswerInsideAJsonFenceWithProseAround() {
            // given
            server.thenAnswer("Here are the facts:\n```json\n[\n  {\"attribute\": \"employer\", \"value\": \"Initech\"},\n"
                    + "  {\"attribute\": \"age\", \"value\": 34}\n]\n```\nLet me know if you need more.");

            // when
            List<ExtractedFact> facts = extractor.extract("Initech pays my bills, and I turned 34 in May.");

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("employer", "Initech"), tuple("age", "34"));
        }

        @Test
        void readsAnObjectHoldingTheFacts() {
            // given
            server.thenAnswer("{\"facts\":[{\"attribute\":\"pet\",\"value\":\"a cat called Tom\"}]}");

            // when
            List<ExtractedFact> facts = extractor.extract("Tom, my cat, keeps me company.");

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("pet", "a cat called Tom"));
        }

        @Test
        void acceptsAnEmptyAnswerAsNoFacts() {
            // given: the rules would find a name here; the model's empty answer is an answer, not a failure
            server.thenAnswer("[]");

            // when
            List<ExtractedFact> facts = extractor.extract("My name is not important.");

            // then
            assertThat(facts).isEmpty();
            assertThat(logged.list).isEmpty();
        }

        @Test
        void capsTheFactsAcceptedSkipsOverlongAndMalformedItemsAndKeepsOneValueOfASingleValuedAttribute() {
            // given
            StringBuilder answer = new StringBuilder("[{\"attribute\":\"name\",\"value\":\"Ada\"},"
                    + "{\"attribute\":\"name\",\"value\":\"Augusta\"},{\"attribute\":\"note\",\"value\":\""
                    + "x".repeat(LlmFactExtractor.MAX_VALUE + 1) + "\"},{\"value\":\"no attribute\"},"
                    + "{\"attribute\":\"likes\",\"value\":{\"nested\":true}},");
            for (int i = 0; i < 30; i++) {
                answer.append("{\"attribute\":\"likes\",\"value\":\"thing ").append(i).append("\"},");
            }
            answer.setCharAt(answer.length() - 1, ']');
            server.thenAnswer(answer.toString());

            // when
            List<ExtractedFact> facts = extractor.extract("A long story about me.");

            // then
            assertThat(facts).hasSize(LlmFactExtractor.MAX_FACTS);
            assertThat(facts.get(0)).isEqualTo(new ExtractedFact("name", "Ada"));
            assertThat(facts).extracting(ExtractedFact::attribute).containsOnly("name", "likes");
        }

        @Test
        void sendsAtMostTheTextCap() throws Exception {
            // given
            server.thenAnswer("[]");

            // when
            extractor.extract("I like tea. " + "y".repeat(10_000));

            // then
            JsonNode body = JSON.readTree(server.takeRequest().body());
            assertThat(body.path("messages").path(1).path("content").asString())
                    .hasSize(LlmFactExtractor.MAX_TEXT).startsWith("I like tea.");
        }

        @Test
        void asksOnceForTheSameTextSoARecordedAgainMessageGetsTheSameFacts() throws Exception {
            // given
            server.thenAnswer("[{\"attribute\":\"location\",\"value\":\"Lisbon\"}]")
                    .thenAnswer("[{\"attribute\":\"location\",\"value\":\"Lisbon, Portugal\"}]");

            // when: the message, then its context request (or a redelivery)
            List<ExtractedFact> first = extractor.extract("Lisbon is home now.");
            List<ExtractedFact> second = extractor.extract("Lisbon is home now.");

            // then
            assertThat(second).isEqualTo(first).containsExactly(new ExtractedFact("location", "Lisbon"));
            server.takeRequest();
            assertThat(server.pendingRequests()).isZero();
        }
    }

    @Nested
    class WhenTheModelFails {

        private static final String MESSAGE = "My name is Ada and I live in Lisbon.";

        @Test
        void fallsBackToTheRulesOnAnHttpErrorAndLogsItsReason() {
            // given
            server.then(500, "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then: the rule-based facts still arrive
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("name", "Ada"), tuple("location", "Lisbon"));
            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getFormattedMessage()).contains("HTTP 500", "The server had an error",
                        "rule-based extractor");
                assertThat(event.getFormattedMessage()).doesNotContain("sk-test-key", "Lisbon");
            });
        }

        @Test
        void fallsBackToTheRulesWhenTheModelDoesNotAnswerInTime() {
            // given
            LlmFactExtractor impatient = extractorWithTimeout(Duration.ofMillis(300));
            server.thenHang();

            // when
            List<ExtractedFact> facts = impatient.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("name", "Ada"), tuple("location", "Lisbon"));
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .asString().contains("no answer within 300 ms");
        }

        @Test
        void fallsBackToTheRulesWhenTheAnswerIsNotJson() {
            // given
            server.thenAnswer("Sure! The user's name is Ada and they live in Lisbon.");

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("name", "Ada"), tuple("location", "Lisbon"));
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .asString().contains("no JSON array");
        }

        @Test
        void fallsBackToTheRulesWhenTheArrayIsBroken() {
            // given
            server.thenAnswer("[{\"attribute\":\"name\",\"value\":\"Ada\"},{\"attribute\":");

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute).containsExactly("name", "location");
        }

        @Test
        void fallsBackToTheRulesWhenTheReplyIsNotAChatCompletion() {
            // given
            server.then(200, "<html>gateway</html>");

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute).containsExactly("name", "location");
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .asString().contains("not chat-completion JSON");
        }

        @Test
        void fallsBackToTheRulesWhenNothingListens() {
            // given
            server.close();

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute).containsExactly("name", "location");
            assertThat(logged.list).hasSize(1);
        }

        @Test
        void fallsBackToTheRulesWhenTheReplyIsTooLarge() {
            // given
            server.thenAnswer("[" + "{\"attribute\":\"likes\",\"value\":\"x\"},".repeat(10_000) + "{}]");

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute).containsExactly("name", "location");
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .asString().contains("larger than");
        }
    }
}
