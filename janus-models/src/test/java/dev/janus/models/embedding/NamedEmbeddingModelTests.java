package dev.janus.models.embedding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamedEmbeddingModelTests {

    @ParameterizedTest
    @ValueSource(strings = { "", " \t\n", "\u200B", "\uFEFF\u200B", "\u00A0 \u00A0", "\u2060\u200D", "\u0085" })
    void textOfInvisibleCharactersOnlyHasNothingToEmbed(String text) {
        assertThat(NamedEmbeddingModel.embeds(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "\u200Bhi\u200B", "\u00A0?", "日本", "🙂" })
    void textWithAVisibleCharacterHasSomethingToEmbed(String text) {
        assertThat(NamedEmbeddingModel.embeds(text)).isTrue();
    }
}
