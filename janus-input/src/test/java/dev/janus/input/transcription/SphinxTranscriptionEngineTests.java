package dev.janus.input.transcription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.janus.input.audio.TestSpeech;
import org.junit.jupiter.api.Test;

/**
 * The offline engine on espeak-ng speech. With the bundled language model it gets synthetic free speech mostly
 * wrong (and slowly), so the test uses what it is good at: a grammar, here of spoken digits.
 */
class SphinxTranscriptionEngineTests {

    @Test
    void recognisesSpokenDigitsWithAGrammar() {
        // given
        TestSpeech.assumeInstalled();
        SphinxTranscriptionEngine engine = new SphinxTranscriptionEngine(new TranscriptionProperties.Sphinx(null, null,
                null, "src/test/resources/digits.gram", null));
        short[] speech = TestSpeech.conversation(List.of("seven three nine"), 300, 0, 16_000, new ArrayList<>());

        // when
        String text = engine.transcribe(speech, 16_000, partial -> { });

        // then the digits come out in order (espeak's voice may add a spurious "oh" between them)
        assertThat(text.replace(" oh", "")).isEqualTo("seven three nine");
    }
}
