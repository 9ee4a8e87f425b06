package dev.janus.events.vocabulary;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceTypeTests {

    @Nested
    class Questions {

        @ParameterizedTest
        @ValueSource(strings = { "Which town does my brother live in?", "Which town does my brother live in",
                "What's my cat's name", "where do I live", "Who is my doctor", "How old am I",
                "Do you remember my favourite colour?", "Can you remember where I parked?", "Is Maria my sister",
                "Does Maria like tea", "Tell me where I work", "Remind me what my locker number is",
                "I wonder if it will rain", "I'd like to know where I parked", "I forgot where I left my keys",
                "Hey Janus, what is my name", "By the way, when is the standup", "So, are you there",
                "I live in Rome. Where do you live?", "Remember what I said about the deploy?",
                "Whats my name", "Could you tell me my name" })
        void areQuestions(String text) {
            assertThat(SentenceType.of(text)).isEqualTo(SentenceType.QUESTION);
        }
    }

    @Nested
    class Commands {

        @ParameterizedTest
        @ValueSource(strings = { "Can you remember that my locker number is 42?", "Could you please remember that "
                + "the deploy runs on Fridays?", "Remember that I live in Oslo", "Please note: my badge is 7781.",
                "Don't forget my wife's birthday is in May", "Keep in mind that I'm vegetarian",
                "Make a note that the server room code is 7741", "I want you to remember that my car is blue",
                "Set a timer for 10 minutes", "Tell me a joke", "Remind me in 5 minutes to call Maria",
                "Remember to buy milk", "Call me Sam" })
        void areCommands(String text) {
            assertThat(SentenceType.of(text)).isEqualTo(SentenceType.COMMAND);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = { "Can you remember that my locker number is 42?|my locker number is 42",
                "Please note: the deploy runs every Friday.|the deploy runs every Friday",
                "remember my dentist is called Dr. Okafor|my dentist is called Dr. Okafor",
                "Would you keep in mind that I am allergic to nuts|I am allergic to nuts",
                "I'd like you to remember that Rex is my dog|Rex is my dog" })
        void sayWhatToRemember(String text, String remembered) {
            assertThat(SentenceType.toRemember(text)).contains(remembered);
        }

        @ParameterizedTest
        @ValueSource(strings = { "Can you remember where I parked?", "Remember to buy milk", "Do you remember me?",
                "I remember my first car", "What should I remember?" })
        void areNoCommandsToRememberWhenTheyAskOrRemind(String text) {
            assertThat(SentenceType.toRemember(text)).isEmpty();
        }
    }

    @Nested
    class Statements {

        @ParameterizedTest
        @ValueSource(strings = { "I just got a kitten and named her Mochi.", "My dentist is called Dr. Okafor.",
                "I'm tired", "The weather is nice today", "What a day!", "Thanks!", "",
                "My favourite painter is J. M. W. Turner." })
        void areStatements(String text) {
            assertThat(SentenceType.of(text)).isEqualTo(SentenceType.STATEMENT);
        }
    }

    @Test
    void aMessageAsksToRememberWhenOneOfItsSentencesDoes() {
        assertThat(SentenceType.asksToRemember("Hi! Please remember that my badge number is 7781.")).isTrue();
        assertThat(SentenceType.asksToRemember("My badge number is 7781.")).isFalse();
    }
}
