package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmoe4j.data.transform.TestImages.gray;
import static org.vmoe4j.data.transform.TestImages.rows;
import static org.vmoe4j.data.transform.TestImages.values;

import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

/** Brightness, Color, Contrast, Sharpness: blends with a degenerate image, truncated. */
class EnhanceOpsTest {

    @Test
    void brightnessScalesTruncatesAndClips() {
        Image img = gray(new int[][] {{0, 101}, {200, 255}});
        assertThat(rows(Brightness.apply(img, 0.5f))).isEqualTo(new int[][] {{0, 50}, {100, 127}});
        assertThat(rows(Brightness.apply(img, 1.5f))).isEqualTo(new int[][] {{0, 151}, {255, 255}});
    }

    @Test
    void colorBlendsWithTheLuma() {
        // L(200, 100, 50) = (200*19595 + 100*38470 + 50*7471 + 32768) >> 16 = 124
        assertThat(Grayscale.luma(200, 100, 50)).isEqualTo(124);
        Image img = TestImages.rgb(1, 1, 200, 100, 50);
        // 124 + 0.5 * (200 - 124) = 162, 124 + 0.5 * (100 - 124) = 112, 124 - 0.5 * 74 = 87
        assertThat(values(Color.apply(img, 0.5f))).containsExactly(162, 112, 87);
        assertThat(values(Color.apply(img, 0f))).containsExactly(124, 124, 124);
        // 124 + 1.5 * 76 = 238, 124 - 1.5 * 24 = 88, 124 - 1.5 * 74 = 13
        assertThat(values(Color.apply(img, 1.5f))).containsExactly(238, 88, 13);
    }

    @Test
    void colorLeavesGrayImagesAlone() {
        Image img = gray(new int[][] {{3, 250}});
        assertThat(rows(Color.apply(img, 0.1f))).isEqualTo(new int[][] {{3, 250}});
    }

    @Test
    void contrastBlendsWithTheRoundedGrayMean() {
        // mean 25.25 -> int(25.75) = 25; 25 + 0.5 * (v - 25): 17.5, 22.5, 27.5, 33 -> truncated
        Image img = gray(new int[][] {{10, 20}, {30, 41}});
        assertThat(Contrast.grayMean(img)).isEqualTo(25);
        assertThat(rows(Contrast.apply(img, 0.5f))).isEqualTo(new int[][] {{17, 22}, {27, 33}});
        // 25 + 2 * (v - 25): -5 -> 0, 15, 35, 57
        assertThat(rows(Contrast.apply(img, 2f))).isEqualTo(new int[][] {{0, 15}, {35, 57}});
    }

    @Test
    void sharpnessBlendsWithTheSmoothedInterior() {
        // centre: (8 * 0 + 5 * 130) / 13 = 50; the border is copied so it never changes
        Image img = gray(new int[][] {{0, 0, 0}, {0, 130, 0}, {0, 0, 0}});
        assertThat(rows(Sharpness.apply(img, 0f))).isEqualTo(new int[][] {
            {0, 0, 0}, {0, 50, 0}, {0, 0, 0}});
        // 50 + 2 * (130 - 50) = 210
        assertThat(rows(Sharpness.apply(img, 2f))).isEqualTo(new int[][] {
            {0, 0, 0}, {0, 210, 0}, {0, 0, 0}});
    }

    @Test
    void sharpnessSmoothsEachInteriorPixelOfAFourByFour() {
        // interior (1,1): neighbours 10+20+30+10+30+10+20+30 = 160, centre 5*20 = 100:
        // 260 / 13 = 20; (1,2): 20+30+40+20+40+20+30+40 = 240 + 5*30 = 390 / 13 = 30
        Image img = gray(new int[][] {
            {10, 20, 30, 40}, {10, 20, 30, 40}, {10, 20, 30, 40}, {10, 20, 30, 40}});
        assertThat(rows(Sharpness.apply(img, 0f))).isEqualTo(rows(img));
        // a bump at (1,1): neighbours sum 160, centre 5*98 = 490 -> 650 / 13 = 50
        Image bump = gray(new int[][] {
            {10, 20, 30, 40}, {10, 98, 30, 40}, {10, 20, 30, 40}, {10, 20, 30, 40}});
        int[][] smoothed = rows(Sharpness.apply(bump, 0f));
        assertThat(smoothed[1][1]).isEqualTo(50);
        // (1,2) sees 98 as a neighbour: 20+30+40+98+40+20+30+40 = 318 + 150 = 468 / 13 = 36
        assertThat(smoothed[1][2]).isEqualTo(36);
    }
}
