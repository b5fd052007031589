package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MLiT;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.model.VisionTransformer;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.nn.SwiGluExperts.Sharing;

/** One AdamW step on a tiny batch lowers each family's loss; its MoE losses are finite and positive. */
class TrainingStepTest {
    private static final VitConfig VIT = new VitConfig(16, 4, 3, 32, 3, 2, 4, 5, null);
    private static final MlitConfig MLIT = new MlitConfig(12, 3, 3, 24, 3, 24, 8, 4, 2, List.of(3, 4, 5), 2, 5, 0.1,
            Sharing.SHARE_V_W2, 0.01, 0.01);

    private NDManager manager;
    private NDArray images;
    private NDArray labels;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(7);
        images = manager.randomNormal(new Shape(8, 3, 16, 16));
        labels = manager.create(new long[] {0, 1, 2, 3, 4, 0, 1, 2});
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit", "mvmoe", "vmoe-token", "mlit", "mlit-share-v-w", "mlit-share-w-w2"})
    void oneStepLowersTheClassifierLoss(String family) {
        Classifier model = switch (family) {
            case "vit" -> new VisionTransformer(VIT, manager, 1);
            case "mvmoe" -> new VisionTransformer(VIT.withMoe(new MoeConfig(4, 1, 2, MoeConfig.Router.IMAGE_MEAN, 0.01)), manager, 1);
            case "vmoe-token" -> new VisionTransformer(VIT.withMoe(new MoeConfig(4, 2, 2, MoeConfig.Router.TOKEN, 0.01)), manager, 1);
            case "mlit" -> new MLiT(MLIT, manager, 1);
            case "mlit-share-v-w" -> new MLiT(MLIT.withSharing(Sharing.SHARE_V_W), manager, 1);
            default -> new MLiT(MLIT.withSharing(Sharing.SHARE_W_W2), manager, 1);
        };
        NDArray input = family.startsWith("mlit") ? images.get(":, :, :12, :12") : images;
        assertOneStepLowers(model, context -> {
            ModelOutput out = model.forward(input, context);
            NDArray loss = Losses.crossEntropy(out.logits(), labels);
            if (out.auxLoss() != null) {
                float aux = out.auxLoss().getFloat();
                assertThat(aux).as("MoE loss").isFinite().isPositive();
                loss = loss.add(out.auxLoss());
            }
            return loss;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mmlit"})
    void oneStepLowersTheReconstructionLoss(String family) {
        MlitConfig decoder = new MlitConfig(12, 3, 3, 16, 1, 16, 16, 4, 2, List.of(3), 2, 0, 0.1, Sharing.SHARE_V_W2, 0.01, 0.01);
        MaeAutoencoder mae = new MaeAutoencoder(new MaeConfig(MLIT, decoder, 0.75), manager, 1);
        NDArray input = images.get(":, :, :12, :12");
        NDArray keep = manager.create(new long[] {0, 5, 10, 15}).broadcast(new Shape(8, 4));
        assertOneStepLowers(mae, context -> {
            NDArray predicted = mae.forward(input, keep, context);
            assertThat(context.auxLoss().getFloat()).as("MoE loss").isFinite().isPositive();
            return MaeLoss.of(predicted, PatchEmbedding.patchify(input, 3), keep, context.auxLoss(),
                    MaeLoss.ALPHA, MaeLoss.BETA).total();
        });
    }

    /** Loss before and after one step, measured without noise or dropout so the two are comparable. */
    private void assertOneStepLowers(Model model, Function<ForwardContext, NDArray> lossOf) {
        float before = evaluate(lossOf);
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(lossOf.apply(ForwardContext.forTraining()));
        }
        try (AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
            optimizer.step(1e-3);
        }
        assertThat(evaluate(lossOf)).isLessThan(before);
    }

    private static float evaluate(Function<ForwardContext, NDArray> lossOf) {
        try (NDScope scope = new NDScope()) {
            return lossOf.apply(ForwardContext.forInference()).getFloat();
        }
    }
}
