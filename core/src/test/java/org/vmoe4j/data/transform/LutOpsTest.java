package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmoe4j.data.transform.TestImages.gray;
import static org.vmoe4j.data.transform.TestImages.rows;
import static org.vmoe4j.data.transform.TestImages.values;

import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

/** Posterize, Solarize, Invert, AutoContrast, Equalize. */
class LutOpsTest {

    @Test
    void posterizeKeepsTheTopBits() {
        Image img = gray(new int[][] {{0xAB, 0x0F}, {0xFF, 0x10}});
        assertThat(rows(Posterize.apply(img, 4))).isEqualTo(new int[][] {{0xA0, 0x00}, {0xF0, 0x10}});
        assertThat(rows(Posterize.apply(img, 8))).isEqualTo(rows(img));
        assertThat(rows(Posterize.apply(img, 1))).isEqualTo(new int[][] {{0x80, 0}, {0x80, 0}});
    }

    @Test
    void solarizeInvertsFromTheThresholdUp() {
        Image img = gray(new int[][] {{127, 128}, {200, 0}});
        assertThat(rows(Solarize.apply(img, 128))).isEqualTo(new int[][] {{127, 127}, {55, 0}});
        assertThat(rows(Solarize.apply(img, 255))).isEqualTo(rows(img));
        assertThat(rows(Solarize.apply(img, 0))).isEqualTo(new int[][] {{128, 127}, {55, 255}});
    }

    @Test
    void invertIsTwoFiftyFiveMinus() {
        assertThat(rows(Invert.apply(gray(new int[][] {{0, 1}, {128, 255}}))))
                .isEqualTo(new int[][] {{255, 254}, {127, 0}});
    }

    @Test
    void autoContrastStretchesEachChannel() {
        // range 100..151: scale 255/51 = 5, offset -500
        Image img = gray(new int[][] {{100, 110}, {140, 151}});
        assertThat(rows(AutoContrast.apply(img))).isEqualTo(new int[][] {{0, 50}, {200, 255}});
        // per channel: R 10..20 (scale 25.5: 15 -> 127), G flat (unchanged), B 0..255 (same)
        Image rgb = TestImages.rgb(1, 3, 10, 7, 0, 15, 7, 128, 20, 7, 255);
        assertThat(values(AutoContrast.apply(rgb))).containsExactly(
                0, 7, 0, 127, 7, 128, 255, 7, 255);
    }

    @Test
    void equalizeLeavesTinyImagesAloneAsPillowDoes() {
        // 4 pixels: step = (4 - count of the top value) / 255 = 0 -> identity
        Image img = gray(new int[][] {{10, 20}, {20, 30}});
        assertThat(rows(Equalize.apply(img))).isEqualTo(rows(img));
        // one occupied value -> identity
        assertThat(rows(Equalize.apply(gray(new int[][] {{9, 9}})))).isEqualTo(new int[][] {{9, 9}});
    }

    @Test
    void equalizeSpreadsTheCumulativeHistogram() {
        // 255 zeros, 255 at 100, 10 at 200: step = (520 - 10) / 255 = 2, n starts at 1:
        // 0 -> 1/2 = 0; 100 -> (1 + 255) / 2 = 128; 200 -> (1 + 510) / 2 = 255
        int[][] row = new int[1][520];
        for (int i = 255; i < 510; i++) {
            row[0][i] = 100;
        }
        for (int i = 510; i < 520; i++) {
            row[0][i] = 200;
        }
        int[] out = rows(Equalize.apply(gray(row)))[0];
        assertThat(out[0]).isZero();
        assertThat(out[300]).isEqualTo(128);
        assertThat(out[515]).isEqualTo(255);
    }

    @Test
    void equalizeWorksPerChannel() {
        // channel 0 equalised as above (0, 100, 200 -> 0, 128, 255); channel 1 flat; channel 2
        // four values only in 200..203 with 130 pixels each: step = (520-130)/255 = 1, n = 0
        // -> 200: 0, 201: 130, 202: 255 (260 clamped), 203: 255 (390 clamped)
        byte[] p = new byte[520 * 3];
        for (int i = 0; i < 520; i++) {
            p[3 * i] = (byte) (i < 255 ? 0 : i < 510 ? 100 : 200);
            p[3 * i + 1] = 77;
            p[3 * i + 2] = (byte) (200 + i / 130);
        }
        int[] out = values(Equalize.apply(new Image(1, 520, 3, p)));
        assertThat(new int[] {out[0], out[1], out[2]}).containsExactly(0, 77, 0);
        assertThat(new int[] {out[3 * 300], out[3 * 300 + 1], out[3 * 300 + 2]})
                .containsExactly(128, 77, 255);
        assertThat(out[3 * 140 + 2]).isEqualTo(130);
        assertThat(out[3 * 519 + 2]).isEqualTo(255);
    }
}
