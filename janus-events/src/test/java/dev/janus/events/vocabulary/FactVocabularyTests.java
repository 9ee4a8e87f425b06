package dev.janus.events.vocabulary;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FactVocabularyTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = { "GP|doctor", "family_doctor|doctor", "Wife|spouse", "husband|spouse",
            "occupation|job", "Job-Title|job", "home|location", "home city|location", "company|employer",
            "dog's name|dog", "my dog's name|dog", "sister's name|sister", "last name|last name",
            "first name|name", "favorite color|favourite colour", "date of birth|birthday", "boss|manager",
            "kitten|cat", "locker number|locker number", "new dentist|dentist", "current GP|doctor" })
    void mapsOtherWordsForAnAttributeOntoIt(String attribute, String canonical) {
        assertThat(FactVocabulary.canonical(attribute)).isEqualTo(canonical);
    }

    @Test
    void comparesWordsByConcept() {
        assertThat(FactVocabulary.conceptOf("GP")).isEqualTo(FactVocabulary.conceptOf("doctor"));
        assertThat(FactVocabulary.conceptOf("kitten")).isEqualTo("cat");
        assertThat(FactVocabulary.conceptOf("lives")).isEqualTo(FactVocabulary.LOCATION);
        assertThat(FactVocabulary.conceptOf("named")).isEqualTo(FactVocabulary.conceptOf("called"))
                .isEqualTo(FactVocabulary.NAME);
        assertThat(FactVocabulary.conceptOf("wife")).isEqualTo(FactVocabulary.SPOUSE);
        assertThat(FactVocabulary.isPerson(FactVocabulary.conceptOf("brother"))).isTrue();
        assertThat(FactVocabulary.isPerson(FactVocabulary.conceptOf("cat"))).isFalse();
    }

    @Test
    void findsTheAttributeAQuestionAsksForWithoutNamingIt() {
        assertThat(FactVocabulary.askedBy(List.of("where", "do", "i", "live"))).containsExactly("location");
        assertThat(FactVocabulary.askedBy(List.of("where", "am", "i", "from"))).containsExactly("hometown");
        assertThat(FactVocabulary.askedBy(List.of("what", "do", "i", "do", "for", "a", "living")))
                .containsExactly("job");
        assertThat(FactVocabulary.askedBy(List.of("how", "old", "am", "i"))).containsExactly("age");
        assertThat(FactVocabulary.askedBy(List.of("when", "was", "i", "born"))).containsExactly("birthday");
        assertThat(FactVocabulary.askedBy(List.of("where", "was", "i", "born"))).containsExactly("hometown");
        assertThat(FactVocabulary.askedBy(List.of("what", "don't", "i", "like"))).containsExactly("dislikes");
        assertThat(FactVocabulary.askedBy(List.of("what", "is", "the", "capital", "of", "france"))).isEmpty();
    }

    @Test
    void knowsWhichAttributesHoldManyValues() {
        assertThat(FactVocabulary.singleValued("location")).isTrue();
        assertThat(FactVocabulary.singleValued("likes")).isFalse();
        assertThat(FactVocabulary.singleValued("hobbies")).isFalse();
    }
}
