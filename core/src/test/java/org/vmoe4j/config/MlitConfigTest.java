package org.vmoe4j.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Depth-wise scaling (ML Eq. 15) and staged experts for each ML Table 1 size, worked out by hand from the equation. */
class MlitConfigTest {

    @Test
    void smallShrinksFrom144To72() {
        assertThat(hidden("mlit-s")).containsExactly(144, 138, 133, 128, 123, 118, 113, 108, 102, 97, 92, 87, 82, 77, 72);
        assertThat(experts("mlit-s")).containsExactly(3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5);
    }

    @Test
    void extraSmallShrinksFrom96To32() {
        assertThat(hidden("mlit-xs")).containsExactly(96, 90, 84, 78, 72, 66, 61, 55, 49, 43, 37, 32);
        assertThat(experts("mlit-xs")).containsExactly(3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5);
    }

    @Test
    void extraExtraSmallShrinksFrom81To27() {
        assertThat(hidden("mlit-xxs")).containsExactly(81, 74, 67, 60, 54, 47, 40, 33, 27);
        assertThat(experts("mlit-xxs")).containsExactly(3, 3, 3, 4, 4, 4, 5, 5, 5);
    }

    @Test
    void theMaeDecoderKeepsSeventyTwoHiddenAndThreeExperts() {
        MlitConfig decoder = ((MaeConfig) ModelPresets.get("mmlit-xxs").config()).decoder();
        assertThat(IntStream.range(0, decoder.depth()).map(decoder::hidden).boxed().toList()).containsExactly(72, 72, 72, 72);
        assertThat(IntStream.range(0, decoder.depth()).map(decoder::experts).boxed().toList()).containsExactly(3, 3, 3, 3);
    }

    private static List<Integer> hidden(String preset) {
        MlitConfig c = (MlitConfig) ModelPresets.get(preset).config();
        return IntStream.range(0, c.depth()).map(c::hidden).boxed().toList();
    }

    private static List<Integer> experts(String preset) {
        MlitConfig c = (MlitConfig) ModelPresets.get(preset).config();
        return IntStream.range(0, c.depth()).map(c::experts).boxed().toList();
    }
}
