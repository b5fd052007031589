package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.Image;

class PipelineTest {

    @Test
    void trainingIsReproducibleGivenTheSeed() {
        Pipeline p = Pipeline.train(AugmentConfig.finetune(36, 3));
        Image img = TestImages.random(32, 32, 3, 1);
        float[] a = new float[p.tensorLength()];
        float[] b = new float[p.tensorLength()];
        p.toTensor(img, new Random(123), a, 0);
        p.toTensor(img, new Random(123), b, 0);
        assertThat(a).isEqualTo(b);
        float[] c = new float[p.tensorLength()];
        p.toTensor(img, new Random(124), c, 0);
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    @Test
    void augmentGivesModelSizedBytes() {
        Pipeline p = Pipeline.train(AugmentConfig.pretrain(36, 3));
        Image out = p.augment(TestImages.random(32, 32, 3, 2), new Random(1));
        assertThat(new int[] {out.height(), out.width(), out.channels()})
                .containsExactly(36, 36, 3);
    }

    @Test
    void grayImagesFeedAThreeChannelModel() {
        Pipeline p = Pipeline.train(AugmentConfig.finetune(36, 3, AutoAugmentPolicy.SVHN));
        Image gray = TestImages.random(28, 28, 1, 3);
        float[] out = new float[p.tensorLength()];
        p.toTensor(gray, new Random(5), out, 0);
        int plane = 36 * 36;
        assertThat(Arrays.copyOfRange(out, 0, plane))
                .isEqualTo(Arrays.copyOfRange(out, plane, 2 * plane))
                .isEqualTo(Arrays.copyOfRange(out, 2 * plane, 3 * plane));
    }

    @Test
    void evalOnlyResizesAndNormalises() {
        Pipeline p = Pipeline.eval(AugmentConfig.eval(4, 1));
        Image img = TestImages.gray(new int[][] {{0, 255}, {255, 0}});
        Image resized = Resize.apply(img, 4, 4);
        assertThat(p.augment(img, null).pixels()).isEqualTo(resized.pixels());
        float[] out = new float[16];
        p.toTensor(img, null, out, 0);
        assertThat(out[0]).isEqualTo(-1f);
        assertThat(out[3]).isEqualTo(1f);
    }

    @Test
    void noCropConfigResizesTheWholeImageThenFlips() {
        AugmentConfig c = new AugmentConfig(2, 1, 1.0, 1.0, 1.0, AutoAugmentPolicy.NONE,
                new float[] {0f}, new float[] {1f});
        Image img = TestImages.gray(new int[][] {{1, 2}, {3, 4}});
        assertThat(TestImages.rows(Pipeline.train(c).augment(img, new Random(0))))
                .isEqualTo(new int[][] {{2, 1}, {4, 3}});
    }
}
