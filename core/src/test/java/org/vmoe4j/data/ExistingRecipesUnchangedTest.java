package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.data.transform.Pipeline;

/**
 * The batches of the recipes that existed before RandAugment, random erasing and batch mixing
 * were added stay bit-identical: order, augmentation and normalisation of two epochs of each
 * recipe are hashed (SHA-256 over labels and float bits). The expected digests were printed by
 * this test at commit 81447a5, the last commit before those additions; a change to any draw,
 * op or rounding of the existing recipes changes them.
 */
class ExistingRecipesUnchangedTest {

    /** 21 images of 20x24 (RGB or gray) filled from Random(index), label index % 7. */
    private record Noise(int channels) implements ImageSource {
        @Override
        public int size() {
            return 21;
        }

        @Override
        public Image image(int i) {
            byte[] p = new byte[20 * 24 * channels];
            new Random(i).nextBytes(p);
            return new Image(20, 24, channels, p);
        }

        @Override
        public int label(int i) {
            return i % 7;
        }
    }

    private static String digest(AugmentConfig config, boolean training, int channels) {
        Pipeline pipeline = training ? Pipeline.train(config) : Pipeline.eval(config);
        BatchLoader loader = new BatchLoader(new Noise(channels), pipeline, 4, true, 42, false, 2);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int epoch = 0; epoch < 2; epoch++) {
                try (BatchLoader.Epoch batches = loader.epoch(epoch)) {
                    while (batches.hasNext()) {
                        Batch b = batches.next();
                        ByteBuffer buf = ByteBuffer.allocate(4 * (b.size() + b.pixels().length));
                        for (int label : b.labels()) {
                            buf.putInt(label);
                        }
                        for (float v : b.pixels()) {
                            buf.putInt(Float.floatToRawIntBits(v));
                        }
                        sha.update(buf.array());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fineTuningWithCifar10AutoAugment() {
        assertThat(digest(AugmentConfig.finetune(16, 3), true, 3)).isEqualTo(
                "55c3ef13466d269eeb281897f9e5ad0b0476852dd2b3fb800f7ed67cca75b05f");
    }

    @Test
    void fineTuningWithSvhnAutoAugmentOnAOneChannelModel() {
        assertThat(digest(AugmentConfig.finetune(12, 1, AutoAugmentPolicy.SVHN), true, 3))
                .isEqualTo("8a8633fe84e558e8340681e61ff02f2ed60ff1b291a3962d6e8047d85b85a938");
    }

    @Test
    void maePretraining() {
        assertThat(digest(AugmentConfig.pretrain(16, 3), true, 1)).isEqualTo(
                "81eb15bda0c790a2d2e4fa53c6c333bf1056163a71aa48412af2172918b737a5");
    }

    @Test
    void noCropWithFlipAndCustomNormalisation() {
        AugmentConfig c = new AugmentConfig(16, 3, 1.0, 1.0, 0.5, AutoAugmentPolicy.NONE,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        assertThat(digest(c, true, 3)).isEqualTo(
                "d5210916cc7d01e5371f59b33333f6761960696fcccefdbe4c9aa6bed842cbc5");
    }

    @Test
    void evaluation() {
        assertThat(digest(AugmentConfig.eval(16, 3), false, 3)).isEqualTo(
                "34652a88c367bf2368573d3ad32bc36e4228c727263fadd482b4ecae6c4c0f9a");
    }
}
