package org.vmoe4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.InMemoryImageSource;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.model.VisionTransformer;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Routing;
import org.vmoe4j.tensor.BatchScope;

/**
 * Evaluation of a tiny model in batches of 5 agrees with one forward pass over all 12 images: the same predictions
 * and, per routing, the same experts (per image routing reaches exactly k; tokens may reach more).
 */
class EvaluatorTest {
    private static final VitConfig TINY = VitConfig.builder().imageSize(16).patchSize(4).dim(32).depth(3).heads(2)
            .classes(4).build();
    private static final int N = 12;
    private static final Pipeline PIPELINE = Pipeline.eval(AugmentConfig.eval(16, 3));

    @Test
    void perImageRoutingReachesExactlyKExperts() {
        try (VisionTransformer model = new VisionTransformer(TINY.withMoe(moe(2, MoeConfig.Router.IMAGE_MEAN)), 0)) {
            EvalResult result = evaluate(model);
            assertThat(result.distinctExperts()).containsExactly(2.0);
            // one expert = fc1 (32x128 + 128) + fc2 (128x32 + 32) = 8,352 per MoE block; 2 blocks, k = 2 experts
            assertThat(result.expertParams()).containsExactly(2 * 2 * 8352.0);
            assertMatchesOneForwardPass(model, result);
        }
    }

    @Test
    void perTokenRoutingIsCountedPerMoeBlock() {
        try (VisionTransformer model = new VisionTransformer(TINY.withMoe(moe(1, MoeConfig.Router.TOKEN)), 0)) {
            EvalResult result = evaluate(model);
            assertThat(result.distinctExperts()).hasSize(2);
            assertMatchesOneForwardPass(model, result);
            for (int r = 0; r < 2; r++) {
                assertThat(result.expertParams().get(r)).isEqualTo(result.distinctExperts().get(r) * 8352);
            }
        }
    }

    private static MoeConfig moe(int k, MoeConfig.Router router) {
        return new MoeConfig(4, k, 2, router, 0.005, 0.005, 1, 0);
    }

    private static InMemoryImageSource images() {
        byte[] pixels = new byte[N * 16 * 16 * 3];
        new Random(0).nextBytes(pixels);
        int[] labels = IntStream.range(0, N).map(i -> i % 4).toArray();
        return new InMemoryImageSource(16, 16, 3, pixels, labels);
    }

    private static EvalResult evaluate(VisionTransformer model) {
        return new Evaluator(new DjlInference(model, Dispatch.SPARSE, Normalization.HALF), 5, 1).evaluate(images(), 4, null, done -> { });
    }

    /** Top-1, the load of every expert and the distinct experts per image, recounted from one forward pass. */
    private static void assertMatchesOneForwardPass(VisionTransformer model, EvalResult result) {
        InMemoryImageSource source = images();
        float[] pixels = new float[N * PIPELINE.tensorLength()];
        for (int i = 0; i < N; i++) {
            PIPELINE.toTensor(source.image(i), null, pixels, i * PIPELINE.tensorLength());
        }
        try (BatchScope scope = model.openBatch()) {
            ForwardContext context = ForwardContext.forInference();
            ModelOutput out = model.forward(scope.floats(pixels, N, 3, 16, 16), context);
            long[] predicted = out.logits().argMax(1).toLongArray();
            long correct = IntStream.range(0, N).filter(i -> predicted[i] == source.label(i)).count();
            assertThat(result.top1()).isEqualTo(correct / (double) N);
            List<Routing> routings = context.routings();
            assertThat(result.expertLoad()).hasSize(routings.size());
            for (int r = 0; r < routings.size(); r++) {
                long[] experts = routings.get(r).experts().toLongArray();
                int perImage = experts.length / N;
                double[] load = new double[4];
                Arrays.stream(experts).forEach(e -> load[(int) e] += 1.0 / experts.length);
                assertThat(result.expertLoad().get(r)).containsExactly(load, org.assertj.core.api.Assertions.within(1e-12));
                double distinct = IntStream.range(0, N)
                        .mapToLong(i -> Arrays.stream(experts, i * perImage, (i + 1) * perImage).distinct().count())
                        .sum() / (double) N;
                assertThat(result.distinctExperts().get(r)).isEqualTo(distinct);
            }
        }
    }
}
