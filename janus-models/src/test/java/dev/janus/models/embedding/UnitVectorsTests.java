package dev.janus.models.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitVectorsTests {

    @Test
    void scalesAVectorToLengthOneKeepingItsDirection() {
        // when
        float[] unit = UnitVectors.of(new float[] { 3, 4 });

        // then
        assertThat(unit).containsExactly(new float[] { 0.6f, 0.8f }, within(1e-6f));
    }

    @Test
    void leavesTheZeroVectorAsItIs() {
        assertThat(UnitVectors.of(new float[] { 0, 0 })).containsExactly(0, 0);
    }

    @Test
    void givesTheCosineOfTwoUnitVectorsAsTheirDotProduct() {
        // given: 45 degrees apart
        float[] east = UnitVectors.of(new float[] { 2, 0 });
        float[] northEast = UnitVectors.of(new float[] { 5, 5 });

        // then
        assertThat(UnitVectors.cosine(east, northEast)).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(UnitVectors.cosine(east, east)).isCloseTo(1.0, within(1e-6));
    }
}
