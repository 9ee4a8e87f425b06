package dev.janus.memory.facts;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.janus.models.ChatModels;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The LLM extractor with each provider's Spring AI chat model, built as the application builds it
 * ({@link ChatModels} from {@code spring.ai.*}), against a real HTTP server speaking that provider's wire format.
 */
class LlmFactExtractorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "sk-test-key";
    private static final String MESSAGE = "My name is Ada and I live in Lisbon.";

    private ChatApiServer server;
    private ListAppender<ILoggingEvent> logged;
    private LlmFactExtractor extractor;

    @BeforeEach
    void start() throws Exception {
        server = new ChatApiServer();
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(LlmFactExtractor.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LlmFactExtractor.class)).detachAppender(logged);
        if (extractor != null) {
            extractor.close();
        }
        server.close();
    }

    private LlmFactExtractor extractor(ModelApi api, Duration timeout, String key) {
        Map<String, String> settings = new HashMap<>(api.settings(server, key));
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        extractor = new LlmFactExtractor(new ChatModels(binder, ObservationRegistry.NOOP).create(api.provider(),
                timeout), ObservationRegistry.NOOP, timeout, new RuleBasedFactExtractor());
        return extractor;
    }

    private LlmFactExtractor extractor(ModelApi api) {
        return extractor(api, Duration.ofSeconds(5), KEY);
    }

    private static String facts(String items) {
        return "{\"facts\":[" + items + "]}";
    }

    @Nested
    class WithEachProvider {

        @ParameterizedTest
        @EnumSource(ModelApi.class)
        void returnsTheFactsOfTheModelsAnswerInTheVocabulary(ModelApi api) {
            // given
            LlmFactExtractor extractor = extractor(api);
            server.then(200, api.answer(facts("{\"attribute\":\"name\",\"value\":\"Ada\"},"
                    + "{\"attribute\":\"home city\",\"value\":\"Lisbon\"},"
                    + "{\"attribute\":\"occupation\",\"value\":\"mathematician\"},"
                    + "{\"attribute\":\"favorite color\",\"value\":\"teal\"},"
                    + "{\"attribute\":\"likes\",\"value\":\"hiking\"},{\"attribute\":\"likes\",\"value\":\"chess\"}")));

            // when: a phrasing no rule knows
            List<ExtractedFact> facts = extractor.extract("Ada here, crunching numbers for a living down in Lisbon.");

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value).containsExactly(
                    tuple("name", "Ada"), tuple("location", "Lisbon"), tuple("job", "mathematician"),
                    tuple("favourite colour", "teal"), tuple("likes", "hiking"), tuple("likes", "chess"));
            assertThat(logged.list).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(ModelApi.class)
        void sendsTheTextWithTheAnswersSchemaAsTheProvidersStructuredOutputAtTemperatureZero(ModelApi api)
                throws Exception {
            // given
            LlmFactExtractor extractor = extractor(api);
            server.then(200, api.answer(facts("")));

            // when
            extractor.extract("I moved to Porto last spring.");

            // then
            ChatApiServer.Received request = server.takeRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(api.path());
            assertThat(api.keySent(request)).isIn(KEY, "Bearer " + KEY, "");
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.toString()).contains("I moved to Porto last spring.", "long-term personal facts");
            JsonNode schema = api.schemaSent(body);
            assertThat(schema.path("type").asString()).isEqualTo("object");
            assertThat(schema.path("properties").path("facts").path("type").asString()).isEqualTo("array");
            assertThat(schema.path("properties").path("facts").path("items").path("properties").has("attribute"))
                    .isTrue();
            assertThat(body.findValue("temperature").asDouble()).isZero();
        }

        @ParameterizedTest
        @EnumSource(ModelApi.class)
        void fallsBackToTheRulesOnTheProvidersHttpErrorAndLogsOnlyTheStatus(ModelApi api) {
            // given
            LlmFactExtractor extractor = extractor(api);
            server.then(api.errorStatus(), api.error());

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then: the rule-based facts still arrive; one request (no retries)
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("name", "Ada"), tuple("location", "Lisbon"));
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("HTTP " + api.errorStatus(), "rule-based extractor")
                    .doesNotContain(KEY, "Lisbon");
            assertThat(server.pendingRequests()).isOne();
        }

        @ParameterizedTest
        @EnumSource(ModelApi.class)
        void fallsBackToTheRulesWhenTheAnswerIsNotTheJsonAskedFor(ModelApi api) {
            // given
            LlmFactExtractor extractor = extractor(api);
            server.then(200, api.answer("Sure! The user's name is Ada and they live in Lisbon."));

            // when
            List<ExtractedFact> facts = extractor.extract(MESSAGE);

            // then
            assertThat(facts).extracting(ExtractedFact::attribute).containsExactly("name", "location");
            assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("not the JSON asked for").doesNotContain("Lisbon");
        }
    }

    @Nested
    class WhenTheModelAnswers {

        @Test
        void readsAnAnswerInsideAJsonFence() {
            // given
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer("```json\n" + facts("{\"attribute\": \"employer\", \"value\": "
                    + "\"Initech\"},\n  {\"attribute\": \"age\", \"value\": 34}") + "\n```"));

            // when
            List<ExtractedFact> facts = extractor.extract("Initech pays my bills, and I turned 34 in May.");

            // then
            assertThat(facts).extracting(ExtractedFact::attribute, ExtractedFact::value)
                    .containsExactly(tuple("employer", "Initech"), tuple("age", "34"));
        }

        @Test
        void acceptsAnEmptyListAsNoFacts() {
            // given: the rules would find a name here; the model's empty answer is an answer, not a failure
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer(facts("")));

            // when / then
            assertThat(extractor.extract("My name is not important.")).isEmpty();
            assertThat(logged.list).isEmpty();
        }

        @Test
        void capsTheFactsAcceptedSkipsOverlongAndIncompleteItemsAndKeepsOneValueOfASingleValuedAttribute() {
            // given
            StringBuilder items = new StringBuilder("{\"attribute\":\"name\",\"value\":\"Ada\"},"
                    + "{\"attribute\":\"name\",\"value\":\"Augusta\"},{\"attribute\":\"note\",\"value\":\""
                    + "x".repeat(LlmFactExtractor.MAX_VALUE + 1) + "\"},{\"value\":\"no attribute\"}");
            for (int i = 0; i < 30; i++) {
                items.append(",{\"attribute\":\"likes\",\"value\":\"thing ").append(i).append("\"}");
            }
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer(facts(items.toString())));

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
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer(facts("")));

            // when
            extractor.extract("I like tea. " + "y".repeat(10_000));

            // then
            String body = server.takeRequest().body();
            assertThat(body).contains("I like tea. " + "y".repeat(LlmFactExtractor.MAX_TEXT - 12))
                    .doesNotContain("y".repeat(LlmFactExtractor.MAX_TEXT - 11));
        }

        @Test
        void sendsNoAuthorizationToAServerWithoutAKey() throws Exception {
            // given: spring.ai.openai.api-key set to an empty string
            LlmFactExtractor keyless = extractor(ModelApi.OPENAI, Duration.ofSeconds(5), "");
            server.then(200, ModelApi.OPENAI.answer(facts("")));

            // when
            keyless.extract("I like tea.");

            // then
            assertThat(server.takeRequest().authorization()).isEmpty();
        }

        @Test
        void asksOnceForTheSameTextSoARecordedAgainMessageGetsTheSameFacts() throws Exception {
            // given
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer(facts("{\"attribute\":\"location\",\"value\":\"Lisbon\"}")))
                    .then(200, ModelApi.OPENAI.answer(facts("{\"attribute\":\"location\",\"value\":\"Porto\"}")));

            // when: the message, then its context request (or a redelivery)
            List<ExtractedFact> first = extractor.extract("Lisbon is home now.");
            List<ExtractedFact> second = extractor.extract("Lisbon is home now.");

            // then
            assertThat(second).isEqualTo(first).containsExactly(new ExtractedFact("location", "Lisbon"));
            server.takeRequest();
            assertThat(server.pendingRequests()).isZero();
        }

        @Test
        void asksAgainForATextAfterItsCacheWasCleared() throws Exception {
            // given
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, ModelApi.OPENAI.answer(facts("{\"attribute\":\"location\",\"value\":\"Lisbon\"}")))
                    .then(200, ModelApi.OPENAI.answer(facts("{\"attribute\":\"location\",\"value\":\"Porto\"}")));
            extractor.extract("Lisbon is home now.");

            // when
            extractor.clearCache();

            // then
            assertThat(extractor.extract("Lisbon is home now.")).containsExactly(new ExtractedFact("location", "Porto"));
            server.takeRequest();
            server.takeRequest();
        }
    }

    @Nested
    class WhenTheModelFails {

        @Test
        void fallsBackToTheRulesWhenTheModelDoesNotAnswerInTime() {
            // given
            LlmFactExtractor impatient = extractor(ModelApi.OLLAMA, Duration.ofMillis(300), KEY);
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
        void fallsBackToTheRulesWhenTheReplyIsNotAChatCompletion() {
            // given
            LlmFactExtractor extractor = extractor(ModelApi.OPENAI);
            server.then(200, "<html>gateway</html>");

            // when / then
            assertThat(extractor.extract(MESSAGE)).extracting(ExtractedFact::attribute)
                    .containsExactly("name", "location");
            assertThat(logged.list).hasSize(1);
        }

        @Test
        void fallsBackToTheRulesWhenNothingListens() {
            // given
            LlmFactExtractor extractor = extractor(ModelApi.ANTHROPIC);
            server.close();

            // when / then
            assertThat(extractor.extract(MESSAGE)).extracting(ExtractedFact::attribute)
                    .containsExactly("name", "location");
            assertThat(logged.list).hasSize(1);
        }
    }
}
