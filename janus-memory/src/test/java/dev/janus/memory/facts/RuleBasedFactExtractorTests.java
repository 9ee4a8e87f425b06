package dev.janus.memory.facts;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedFactExtractorTests {

    private final RuleBasedFactExtractor extractor = new RuleBasedFactExtractor();

    @ParameterizedTest(name = "{0} -> {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "My name is Alice|name|Alice",
            "my name is alice.|name|Alice",
            "Hi, my name's Bob!|name|Bob",
            "Call me Sam, please|name|Sam",
            "Actually, I'm called Ada Lovelace|name|Ada Lovelace",
            "I am Maria|name|Maria",
            "I live in Berlin|location|Berlin",
            "Actually I live in Munich now.|location|Munich",
            "I moved to Lisbon last year and love it|location|Lisbon last year",
            "I'm based in New York City|location|New York City",
            "I'm from Porto|hometown|Porto",
            "I grew up in a small town near Lyon|hometown|a small town near Lyon",
            "I work at Acme Corp|employer|Acme Corp",
            "I work for the city council|employer|the city council",
            "I work at Globex as a data engineer|employer|Globex",
            "I work at Globex as a data engineer|job|data engineer",
            "I work as a nurse|job|nurse",
            "My job is teaching chemistry|job|teaching chemistry",
            "I'm a software engineer|job|software engineer",
            "I'm 34 years old|age|34",
            "I like green tea|likes|green tea",
            "I really love hiking in the mountains|likes|hiking in the mountains",
            "I hate mornings|dislikes|mornings",
            "I don't like olives|dislikes|olives",
            "I prefer window seats|preference|window seats",
            "I prefer dark mode, thanks|preference|dark mode",
            "My favourite colour is blue|favourite colour|blue",
            "My favorite color is green|favourite colour|green",
            "My dog's name is Rex|dog|Rex",
            "My birthday is on May 3rd|birthday|May 3rd",
            "Remember that my wife's name is Clara|spouse|Clara",
            "Please remember that the deploy runs every Friday|note|the deploy runs every Friday",
            "Note that I live in Oslo|location|Oslo",
            "Don't forget: my locker number is 42|locker number|42",
            "Can you remember that my locker number is 42?|locker number|42",
            "My locker number is now 17.|locker number|17",
            "My dentist is called Dr. Okafor.|dentist|Dr. Okafor",
            "My favourite painter is J. M. W. Turner.|favourite painter|J. M. W. Turner",
            "I live in St. Louis.|location|St. Louis",
            "I live in Washington D.C.|location|Washington D.C.",
            "My GP is Dr. Lee.|doctor|Dr. Lee",
            "My manager is called Priya.|manager|Priya",
            "My husband's name is Tom.|spouse|Tom",
            "My occupation is nurse|job|nurse",
            "My name is J. R. Smith.|name|J. R. Smith"
    })
    void extractsTheFactFromACommonPhrasing(String text, String attribute, String value) {
        // when
        List<ExtractedFact> facts = extractor.extract(text);

        // then
        assertThat(facts).contains(new ExtractedFact(attribute, value));
    }

    @ParameterizedTest
    @ValueSource(strings = { "What is my name?", "where do I live?", "Do you remember my favourite colour?",
            "What's my favorite color", "Hello, can you help me?", "what is 17 * 23?", "I'm fine, thanks",
            "I'm tired", "I would like a coffee", "I'd love to hear a joke", "My question is about billing",
            "Can you call me tomorrow?", "Tell me where I work", "Which town does my brother live in?",
            "Which town does my brother live in", "Can you remember where I parked?", "Is my name Sam" })
    void findsNoFactInQuestionsRequestsAndSmallTalk(String text) {
        // when
        List<ExtractedFact> facts = extractor.extract(text);

        // then
        assertThat(facts).isEmpty();
    }

    @Test
    void keepsTheFirstTwentyFactsOfAMessageThatListsHundreds() {
        // given
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("I like a").append(i).append(". ");
        }

        // when
        List<ExtractedFact> facts = extractor.extract(text.toString());

        // then
        assertThat(facts).hasSize(FactExtractor.MAX_FACTS).first().isEqualTo(new ExtractedFact("likes", "a0"));
    }

    @Test
    void findsSeveralFactsInOneMessage() {
        // when
        List<ExtractedFact> facts = extractor.extract("My name is Ada and I live in Paris. I work at Inria, "
                + "and I like chess");

        // then
        assertThat(facts).containsExactlyInAnyOrder(new ExtractedFact("name", "Ada"),
                new ExtractedFact("location", "Paris"), new ExtractedFact("employer", "Inria"),
                new ExtractedFact("likes", "chess"));
    }

    @Test
    void readsEverySentenceOfAMessageWithoutCuttingNamesAndSkipsItsQuestions() {
        // when
        List<ExtractedFact> facts = extractor.extract("My dentist is called Dr. Okafor. Where does he work? "
                + "I live in St. Louis.");

        // then
        assertThat(facts).containsExactly(new ExtractedFact("dentist", "Dr. Okafor"),
                new ExtractedFact("location", "St. Louis"));
    }

    @Test
    void keepsSeveralLikesButOneValuePerSingleValuedAttribute() {
        // when
        List<ExtractedFact> facts = extractor.extract("I like tea. I also like jazz.");

        // then
        assertThat(facts).containsExactly(new ExtractedFact("likes", "tea"), new ExtractedFact("likes", "jazz"));
    }
}
