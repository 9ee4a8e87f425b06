package dev.janus.models.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEmbeddingsTests {

    private final RecentEmbeddings recent = new RecentEmbeddings();

    @Test
    void givesBackTheVectorOfATextKeptLately() {
        // given
        float[] vector = { 0.6f, 0.8f };

        // when
        recent.put("hi there", vector);

        // then
        assertThat(recent.get("hi there")).isSameAs(vector);
        assertThat(recent.get("hello")).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedTextPastItsCapacity() {
        // given: the first text read again, so the second is the least recently used
        for (int i = 0; i < RecentEmbeddings.CAPACITY; i++) {
            recent.put("text " + i, new float[] { i });
        }
        recent.get("text 0");

        // when
        recent.put("one more", new float[] { -1 });

        // then
        assertThat(recent.get("text 0")).isNotNull();
        assertThat(recent.get("text 1")).isNull();
        assertThat(recent.get("text 2")).isNotNull();
        assertThat(recent.get("one more")).isNotNull();
    }

    @Test
    void keepsNoTextLongerThanItsLimit() {
        // given
        String longest = "a".repeat(RecentEmbeddings.MAX_TEXT_CHARS);
        String tooLong = longest + "a";

        // when
        recent.put(longest, new float[] { 1 });
        recent.put(tooLong, new float[] { 1 });

        // then
        assertThat(recent.get(longest)).isNotNull();
        assertThat(recent.get(tooLong)).isNull();
    }

    @Test
    void forgetsEveryTextWhenCleared() {
        // given
        recent.put("my name is Ada", new float[] { 1 });

        // when
        recent.clear();

        // then
        assertThat(recent.get("my name is Ada")).isNull();
    }
}
