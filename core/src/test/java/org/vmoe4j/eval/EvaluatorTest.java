package org.vmoe4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.InMemoryImageSource;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.VisionTransformer;
import org.vmoe4j.nn.Dispatch;

/** What eval counts per routing mode: an image routed once reaches k experts, its tokens may reach more. */
class EvaluatorTest {
    private static final VitConfig TINY = new VitConfig(16, 4, 3, 32, 3, 2, 4, 4, null);

    @Test
    void perImageRoutingReachesExactlyKExperts() {
        EvalResult result = evaluate(new MoeConfig(4, 2, 2, MoeConfig.Router.IMAGE_MEAN, 0));
        assertThat(result.distinctExperts()).containsExactly(2.0);
        // one expert = fc1 (32x128 + 128) + fc2 (128x32 + 32) = 8,352 per MoE block; 2 blocks, k = 2 experts
        assertThat(result.expertParams()).containsExactly(2 * 2 * 8352.0);
        assertThat(result.expertLoad()).hasSize(1);
        assertThat(java.util.Arrays.stream(result.expertLoad().get(0)).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void perTokenRoutingIsCountedPerMoeBlock() {
        EvalResult result = evaluate(new MoeConfig(4, 1, 2, MoeConfig.Router.TOKEN, 0.01));
        assertThat(result.distinctExperts()).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(1.0, 4.0));
        for (int r = 0; r < 2; r++) {
            assertThat(result.expertParams().get(r)).isCloseTo(result.distinctExperts().get(r) * 8352, within(1e-6));
        }
        assertThat(result.top5()).isGreaterThanOrEqualTo(result.top1());
        assertThat(result.routerAccuracy()).isNaN();
    }

    private static EvalResult evaluate(MoeConfig moe) {
        int n = 12;
        byte[] pixels = new byte[n * 16 * 16 * 3];
        new Random(0).nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        var images = new InMemoryImageSource(16, 16, 3, pixels, labels);
        try (NDManager manager = NDManager.newBaseManager();
             VisionTransformer model = new VisionTransformer(TINY.withMoe(moe), manager, 0)) {
            return new Evaluator(model, Pipeline.eval(AugmentConfig.eval(16, 3)), 5, 1, Dispatch.SPARSE)
                    .evaluate(images, 4, null, done -> { });
        }
    }
}
