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
import org.vmoe4j.config.Routing;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MLiT;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.model.VisionTransformer;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.config.ExpertSharing;

/** One AdamW step on a tiny batch lowers each family's loss; its MoE losses are finite and positive. */
class TrainingStepTest {
    private static final VitConfig VIT = VitConfig.builder().imageSize(16).patchSize(4).dim(32).depth(3).heads(2)
            .classes(5).build();
    private static final MlitConfig MLIT = MlitConfig.builder().imageSize(12).dim(24).depth(3).hidden(24, 8).heads(4)
            .groups(2).classes(5).build();

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
            case "vit" -> new VisionTransformer(VIT, 1);
            case "mvmoe" -> new VisionTransformer(VIT.withMoe(moe(Routing.LEARNED_IMAGE)), 1);
            case "vmoe-token" -> new VisionTransformer(VIT.withMoe(moe(Routing.LEARNED_TOKEN)), 1);
            case "mlit" -> new MLiT(MLIT, 1);
            case "mlit-share-v-w" -> new MLiT(MLIT.withSharing(ExpertSharing.V_W), 1);
            default -> new MLiT(MLIT.withSharing(ExpertSharing.W_W2), 1);
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

    private static MoeConfig moe(Routing routing) {
        return MoeConfig.mobileVMoe().sized(4, 2, 2, MoeConfig.Router.IMAGE_MEAN).routedBy(routing, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mmlit"})
    void oneStepLowersTheReconstructionLoss(String family) {
        MlitConfig decoder = MLIT.toBuilder().dim(16).depth(1).hidden(16, 16).expertStages(List.of(3)).classes(0).build();
        MaeAutoencoder mae = new MaeAutoencoder(new MaeConfig(MLIT, decoder, 0.75), 1);
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
        try (model) {
            float before = evaluate(lossOf);
            try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(lossOf.apply(ForwardContext.forTraining()));
            }
            try (AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
                optimizer.step(1e-3);
            }
            assertThat(evaluate(lossOf)).isLessThan(before);
        }
    }

    private static float evaluate(Function<ForwardContext, NDArray> lossOf) {
        try (NDScope scope = new NDScope()) {
            return lossOf.apply(ForwardContext.forInference()).getFloat();
        }
    }
}
