package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.VisionTransformer;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;
import org.vmoe4j.tensor.Ops;

/** Sparse upcycling: a Mobile V-MoE built from a dense ViT starts as that dense model. */
class UpcycleTest {
    private static final VitConfig DENSE = VitConfig.builder().imageSize(16).patchSize(4).dim(32).depth(3).heads(2)
            .classes(5).build();
    private static final int BATCH = 6;

    @TempDir
    Path dir;

    @Test
    void withRenormalisedGatesTheUpcycledModelGivesTheDenseLogits() {
        Path dense = denseWeights();
        for (int k : new int[] {1, 2}) {
            MoeConfig moe = new MoeConfig(4, k, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0).withRenormalizedGates(true);
            try (VisionTransformer upcycled = new VisionTransformer(DENSE.withMoe(moe), 3)) {
                WarmStart.upcycled(upcycled, dense);
                assertThat(logits(upcycled)).as("k = " + k).containsExactly(denseLogits(dense), within(1e-5f));
            }
        }
    }

    @Test
    void perTokenRoutingUpcyclesToo() {
        Path dense = denseWeights();
        MoeConfig moe = new MoeConfig(4, 2, 1, MoeConfig.Router.TOKEN, 0, 0, 0, 0).withRenormalizedGates(true);
        try (VisionTransformer upcycled = new VisionTransformer(DENSE.withMoe(moe), 3)) {
            WarmStart.upcycled(upcycled, dense);
            assertThat(logits(upcycled)).containsExactly(denseLogits(dense), within(1e-5f));
        }
    }

    @Test
    void mvsGatesScaleTheExpertsSoTheUpcycledModelIsNotYetTheDenseOne() {
        Path dense = denseWeights();
        MoeConfig moe = new MoeConfig(4, 1, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0);
        try (VisionTransformer upcycled = new VisionTransformer(DENSE.withMoe(moe), 3)) {
            WarmStart.upcycled(upcycled, dense);
            float[] expected = denseLogits(dense);
            float[] actual = logits(upcycled);
            double largest = 0;
            for (int i = 0; i < actual.length; i++) {
                largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
            }
            assertThat(largest).isGreaterThan(1e-3);
        }
    }

    @Test
    void theRouterStaysFreshAndEveryExpertIsTheDenseMlp() {
        Path dense = denseWeights();
        MoeConfig moe = new MoeConfig(4, 1, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0);
        try (VisionTransformer upcycled = new VisionTransformer(DENSE.withMoe(moe), 3);
             VisionTransformer fresh = new VisionTransformer(DENSE.withMoe(moe), 3);
             VisionTransformer source = new VisionTransformer(DENSE, 0)) {
            WarmStart.upcycled(upcycled, dense);
            WeightFile.load(source.parameters().parameters(), dense);
            var params = upcycled.parameters().parameters();
            assertThat(params.get("router.weight").toFloatArray())
                    .containsExactly(fresh.parameters().parameters().get("router.weight").toFloatArray());
            float[] mlp = source.parameters().parameters().get("blocks.2.mlp.fc1.weight").toFloatArray();
            for (int e = 0; e < 4; e++) {
                assertThat(params.get("blocks.2.experts.fc1.weight").get(e).toFloatArray()).as("expert " + e)
                        .containsExactly(mlp);
            }
        }
    }

    @Test
    void aDenseModelOfAnotherWidthIsRefusedNamingTheTensor() {
        Path other = dir.resolve("wide.safetensors");
        try (VisionTransformer wide = new VisionTransformer(DENSE.toBuilder().dim(48).build(), 0)) {
            WeightFile.save(wide.parameters().parameters(), other, Map.of());
        }
        MoeConfig moe = new MoeConfig(4, 1, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0);
        try (VisionTransformer upcycled = new VisionTransformer(DENSE.withMoe(moe), 3)) {
            assertThatThrownBy(() -> WarmStart.upcycled(upcycled, other)).isInstanceOf(UserError.class)
                    .hasMessageContaining("wide.safetensors").hasMessageContaining("cls_token")
                    .hasMessageContaining("[1, 1, 48]");
        }
    }

    /** A dense ViT with every parameter random (not its initial values), saved under timm's names. */
    private Path denseWeights() {
        Path file = dir.resolve("dense.safetensors");
        try (VisionTransformer dense = new VisionTransformer(DENSE, 0)) {
            Random random = new Random(1);
            dense.parameters().parameters().values().forEach(p -> {
                float[] values = new float[(int) p.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.2);
                }
                p.set(new NDIndex("..."), Ops.floats(p.getManager(), values, p.getShape().getShape()));
            });
            WeightFile.save(dense.parameters().parameters(), file, Map.of());
        }
        return file;
    }

    private float[] denseLogits(Path weights) {
        try (VisionTransformer dense = new VisionTransformer(DENSE, 0)) {
            WeightFile.load(dense.parameters().parameters(), weights);
            return logits(dense);
        }
    }

    private static float[] logits(Classifier model) {
        float[] pixels = new float[BATCH * 3 * 16 * 16];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        try (BatchScope scope = model.openBatch()) {
            return model.forward(scope.floats(pixels, BATCH, 3, 16, 16), ForwardContext.forInference()).logits()
                    .toFloatArray();
        }
    }
}
