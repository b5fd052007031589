package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

class NormalizeTest {
    private static final float[] HALF3 = {0.5f, 0.5f, 0.5f};

    @Test
    void scalesToUnitThenStandardises() {
        Normalize n = new Normalize(3, HALF3, HALF3);
        assertThat(n.value(0, 0)).isEqualTo(-1f);
        assertThat(n.value(1, 255)).isEqualTo(1f);
        assertThat(n.value(2, 51)).isCloseTo(-0.6f, within(1e-6f)); // (0.2 - 0.5) / 0.5
        Normalize other = new Normalize(3, new float[] {0.1f, 0.2f, 0.3f},
                new float[] {0.5f, 0.25f, 2f});
        assertThat(other.value(1, 102)).isCloseTo((0.4f - 0.2f) / 0.25f, within(1e-6f));
    }

    @Test
    void writesChannelMajorAtTheOffset() {
        // 1x2 RGB: pixels (0, 255, 51), (255, 0, 102)
        Image img = TestImages.rgb(1, 2, 0, 255, 51, 255, 0, 102);
        float[] out = new float[3 + 6];
        new Normalize(3, HALF3, HALF3).apply(img, out, 3);
        assertThat(out[0]).isZero();
        // R plane, G plane, B plane
        assertThat(new float[] {out[3], out[4], out[5], out[6]}).containsExactly(-1f, 1f, 1f, -1f);
        assertThat(out[7]).isCloseTo(-0.6f, within(1e-6f));
        assertThat(out[8]).isCloseTo(-0.2f, within(1e-6f));
    }

    @Test
    void replicatesGrayForAThreeChannelModel() {
        Image img = TestImages.gray(new int[][] {{0, 255}});
        float[] out = new float[6];
        new Normalize(3, HALF3, HALF3).apply(img, out, 0);
        assertThat(out).containsExactly(-1f, 1f, -1f, 1f, -1f, 1f);
    }

    @Test
    void reducesRgbToLumaForAOneChannelModel() {
        Image img = TestImages.rgb(1, 1, 200, 100, 50); // luma 124
        float[] out = new float[1];
        new Normalize(1, new float[] {0f}, new float[] {1f}).apply(img, out, 0);
        assertThat(out[0]).isEqualTo(124f / 255f);
    }
}
