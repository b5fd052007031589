package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.RandAugmentConfig;

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

    private static AugmentConfig deitLike(double erasingP) {
        return new AugmentConfig(16, 3, 0.5, 1.0, 0.5, AutoAugmentPolicy.NONE,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f},
                RandAugmentConfig.DEIT, erasingP);
    }

    @Test
    void randAugmentRunsAfterTheCropAndTheFlipOnTheSameRandom() {
        AugmentConfig c = deitLike(0);
        Pipeline p = Pipeline.train(c);
        Image img = TestImages.random(20, 24, 3, 8);
        RandomResizedCrop crop = RandomResizedCrop.of(16, 0.5, 1.0);
        RandAugment ra = new RandAugment(RandAugmentConfig.DEIT, c.mean());
        for (long seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            Image expected = ra.apply(HorizontalFlip.apply(crop.apply(img, r), 0.5, r), r);
            assertThat(p.augment(img, new Random(seed)).pixels()).isEqualTo(expected.pixels());
        }
    }

    @Test
    void erasingFollowsNormalisationOnTheSameRandom() {
        AugmentConfig c = deitLike(1.0);
        Pipeline p = Pipeline.train(c);
        Image img = TestImages.random(20, 24, 3, 9);
        for (long seed = 0; seed < 10; seed++) {
            Random r = new Random(seed);
            float[] expected = new float[p.tensorLength()];
            new Normalize(3, c.mean(), c.std()).apply(p.augment(img, r), expected, 0);
            RandomErasing.of(1.0).apply(expected, 0, 3, 16, 16, r);
            float[] got = new float[p.tensorLength() + 2];
            p.toTensor(img, new Random(seed), got, 2);
            assertThat(Arrays.copyOfRange(got, 2, got.length)).isEqualTo(expected);
        }
    }

    @Test
    void evaluationIgnoresRandAugmentAndErasing() {
        Image img = TestImages.random(20, 24, 3, 10);
        AugmentConfig plain = new AugmentConfig(16, 3, 0.5, 1.0, 0.5, AutoAugmentPolicy.NONE,
                deitLike(0).mean(), deitLike(0).std());
        float[] a = new float[3 * 16 * 16];
        float[] b = new float[3 * 16 * 16];
        Pipeline.eval(deitLike(1.0)).toTensor(img, null, a, 0);
        Pipeline.eval(plain).toTensor(img, null, b, 0);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void randAugmentAndAutoAugmentAreRefusedTogether() {
        assertThatThrownBy(() -> new AugmentConfig(16, 3, 0.5, 1.0, 0.5, AutoAugmentPolicy.CIFAR10,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f},
                RandAugmentConfig.DEIT, 0))
                .isInstanceOf(UserError.class)
                .hasMessage("RandAugment and AutoAugment are alternatives: got AutoAugment CIFAR10 "
                        + "and RandAugment rand-m9-n2-mstd0.5-inc1; choose one");
        assertThatThrownBy(() -> deitLike(1.5)).isInstanceOf(UserError.class)
                .hasMessage("random erasing probability must be in [0, 1], got 1.5");
    }
}
