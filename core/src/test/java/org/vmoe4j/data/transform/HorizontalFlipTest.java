package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

class HorizontalFlipTest {

    @Test
    void mirrorsColumnsAndKeepsChannelOrder() {
        Image img = TestImages.rgb(2, 3,
                1, 2, 3, 4, 5, 6, 7, 8, 9,
                10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(TestImages.values(HorizontalFlip.apply(img))).containsExactly(
                7, 8, 9, 4, 5, 6, 1, 2, 3,
                16, 17, 18, 13, 14, 15, 10, 11, 12);
    }

    @Test
    void probabilityZeroNeverFlipsAndOneAlwaysDoes() {
        Image img = TestImages.gray(new int[][] {{1, 2}});
        Random r = new Random(9);
        for (int i = 0; i < 100; i++) {
            assertThat(TestImages.rows(HorizontalFlip.apply(img, 0.0, r)))
                    .isEqualTo(new int[][] {{1, 2}});
            assertThat(TestImages.rows(HorizontalFlip.apply(img, 1.0, r)))
                    .isEqualTo(new int[][] {{2, 1}});
        }
    }

    @Test
    void halfProbabilityFlipsAboutHalfTheTime() {
        Image img = TestImages.gray(new int[][] {{1, 2}});
        Random r = new Random(11);
        int flips = 0;
        for (int i = 0; i < 10_000; i++) {
            flips += HorizontalFlip.apply(img, 0.5, r).at(0, 0, 0) == 2 ? 1 : 0;
        }
        assertThat(flips).isBetween(4_700, 5_300);
    }
}
