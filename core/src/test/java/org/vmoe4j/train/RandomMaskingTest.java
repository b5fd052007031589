package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.ModelPresets;

/** MAE masking (SPEC §4): 108 of mLiT's 144 patches hidden per image, a fresh set per image and epoch, reproducible. */
class RandomMaskingTest {
    private final RandomMasking masking = RandomMasking.of((MaeConfig) ModelPresets.get("mmlit-xxs").config());
    private final int[] batch = {0, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void exactlyRoundOfThreeQuartersAreHiddenPerImage() {
        assertThat(masking.patches()).isEqualTo(144);
        assertThat(masking.visible()).isEqualTo(144 - 108);
        for (long[] kept : masking.keep(7, 0, batch)) {
            assertThat(kept).hasSize(36).doesNotHaveDuplicates().isSorted();
            assertThat(Arrays.stream(kept).allMatch(p -> p >= 0 && p < 144)).isTrue();
        }
    }

    @Test
    void everyImageAndEveryEpochGetsItsOwnMask() {
        Set<String> masks = new HashSet<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (long[] kept : masking.keep(7, epoch, batch)) {
                masks.add(Arrays.toString(kept));
            }
        }
        assertThat(masks).hasSize(3 * batch.length);
    }

    @Test
    void theSameSeedEpochAndImageGiveTheSameMask() {
        assertThat(masking.keep(7, 2, new int[] {5})[0]).containsExactly(masking.keep(7, 2, batch)[5]);
        assertThat(masking.keep(8, 2, new int[] {5})[0]).isNotEqualTo(masking.keep(7, 2, new int[] {5})[0]);
    }
}
