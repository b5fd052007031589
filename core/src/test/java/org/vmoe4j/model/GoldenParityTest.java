package org.vmoe4j.model;

import static org.vmoe4j.model.Golden.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.Routing;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.LoadBalance;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.tensor.Ops;
import org.vmoe4j.train.Losses;
import org.vmoe4j.train.MaeLoss;

/**
 * Each family against an independent PyTorch implementation ({@code tools/make_golden.py}): same
 * parameter names, same logits, MoE losses and parameter gradients to 1e-4, for both dispatches.
 */
class GoldenParityTest {
    static final VitConfig VIT = VitConfig.builder().imageSize(16).patchSize(4).dim(32).depth(2).heads(2).classes(10)
            .build();
    static final VitConfig MVMOE = VIT.toBuilder().depth(3)
            .moe(new MoeConfig(4, 1, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0)).build();
    static final MlitConfig MLIT = MlitConfig.builder().imageSize(12).dim(24).depth(3).hidden(24, 8).heads(4).groups(2)
            .classes(10).dropout(0).build();
    static final MlitConfig MMLIT_DECODER = MLIT.toBuilder().dim(16).depth(1).hidden(16, 16).expertStages(List.of(3))
            .classes(0).build();

    private NDManager manager;
    private NDScope scope;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        scope = new NDScope();
    }

    @AfterEach
    void close() {
        scope.close();
        manager.close();
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void denseVitMatchesPyTorch(Dispatch dispatch) {
        check("vit", new VisionTransformer(VIT, 0), dispatch, (golden, out) -> crossEntropy(golden, out.logits()));
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void mobileVMoeTop1MatchesPyTorch(Dispatch dispatch) {
        checkMobileVMoe("mvmoe", MVMOE, dispatch);
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void mobileVMoeTop2MatchesPyTorch(Dispatch dispatch) {
        checkMobileVMoe("mvmoe_k2", MVMOE.withMoe(MVMOE.moe().sized(4, 2, 2, MoeConfig.Router.IMAGE_MEAN)), dispatch);
    }

    /** Regular V-MoE as MV Fig. 3e's learned per-token routing, k 1, every token reaching its expert. */
    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void perTokenVMoeMatchesPyTorch(Dispatch dispatch) {
        MoeConfig moe = new MoeConfig(4, 1, 2, MoeConfig.Router.TOKEN, MoeConfig.VMOE_LOSS_WEIGHT,
                MoeConfig.VMOE_LOSS_WEIGHT, MoeConfig.VMOE_NOISE, 0);
        checkVMoe("vmoe_token", moe, dispatch);
    }

    /** The same at k 2 with V-MoE's buffers in training: capacity ratio 0.75 drops assignments and whole tokens. */
    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void perTokenVMoeWithTokenDroppingMatchesPyTorch(Dispatch dispatch) {
        checkVMoe("vmoe_token_capacity", MVMOE.moe().sized(4, 2, 2, MoeConfig.Router.IMAGE_MEAN)
                .routedBy(Routing.LEARNED_TOKEN, 0.75), dispatch);
    }

    private void checkVMoe(String name, MoeConfig moe, Dispatch dispatch) {
        check(name, new VisionTransformer(MVMOE.withMoe(moe), 0), dispatch, (golden, out) -> {
            assertClose(Ops.div(out.auxLoss(), MoeConfig.VMOE_LOSS_WEIGHT), golden.get("aux_loss"), "aux_loss");
            return crossEntropy(golden, out.logits()).add(out.auxLoss());
        });
    }

    /** MV Fig. 3e's learned per-image routing at k 2: V-MoE's importance loss over the batch's images. */
    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void learnedPerImageRoutingMatchesPyTorch(Dispatch dispatch) {
        MoeConfig moe = MVMOE.moe().sized(4, 2, 2, MoeConfig.Router.IMAGE_MEAN).routedBy(Routing.LEARNED_IMAGE, null);
        check("mvmoe_learned", new VisionTransformer(MVMOE.withMoe(moe), 0), dispatch, (golden, out) -> {
            assertClose(out.imageRouting().logits(), golden.get("router_logits"), "router_logits");
            assertClose(Ops.div(out.auxLoss(), MoeConfig.VMOE_LOSS_WEIGHT), golden.get("aux_loss"), "aux_loss");
            return crossEntropy(golden, out.logits()).add(out.auxLoss());
        });
    }

    /** V-MoE's importance and load losses (Riquelme et al. 2021, App. A) with PyTorch's noise: values and gradient. */
    @Test
    void vmoeBalancingLossesMatchPyTorch() {
        Golden golden = Golden.load("vmoe_losses", manager);
        NDArray clean = golden.get("clean");
        clean.setRequiresGradient(true);
        double std = 1.0 / 4;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray importance = LoadBalance.vmoeImportance(clean.softmax(-1));
            NDArray load = LoadBalance.vmoeLoad(clean, clean.add(Ops.mul(golden.get("noise"), std)), 2, std);
            assertClose(importance, golden.get("importance"), "importance");
            assertClose(load, golden.get("load"), "load");
            collector.backward(importance.add(load));
        }
        assertClose(clean.getGradient(), golden.get("grad_clean"), "d(importance + load)/d logits");
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void mlitMatchesPyTorch(Dispatch dispatch) {
        check("mlit", new MLiT(MLIT, 0), dispatch, (golden, out) -> {
            assertClose(out.auxLoss(), golden.get("moe_loss"), "moe_loss");
            return crossEntropy(golden, out.logits()).add(out.auxLoss());
        });
    }

    @ParameterizedTest
    @EnumSource(Dispatch.class)
    void mmlitAutoencoderMatchesPyTorch(Dispatch dispatch) {
        Golden golden = Golden.load("mmlit", manager);
        MaeAutoencoder mae = new MaeAutoencoder(new MaeConfig(MLIT.withClasses(0), MMLIT_DECODER, 0.75), 0);
        golden.copyParametersInto(mae);
        NDArray input = golden.get("input");
        NDArray keep = golden.get("ids_keep");
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            ForwardContext context = new ForwardContext(true, false, dispatch);
            NDArray predicted = mae.forward(input, keep, context);
            MaeLoss loss = MaeLoss.of(predicted, PatchEmbedding.patchify(input, 3), keep, context.auxLoss(),
                    MaeLoss.ALPHA, MaeLoss.BETA);
            assertClose(predicted, golden.get("pred"), "pred");
            assertClose(loss.masked(), golden.get("mse_masked"), "mse_masked");
            assertClose(loss.unmasked(), golden.get("mse_unmasked"), "mse_unmasked");
            assertClose(context.auxLoss(), golden.get("moe_loss"), "moe_loss");
            assertClose(loss.total(), golden.get("loss"), "loss");
            collector.backward(loss.total());
        }
        golden.assertGradients(mae);
    }

    private void checkMobileVMoe(String name, VitConfig config, Dispatch dispatch) {
        check(name, new VisionTransformer(config, 0), dispatch, (golden, out) -> {
            assertClose(out.imageRouting().logits(), golden.get("router_logits"), "router_logits");
            NDArray routerLoss = Losses.crossEntropy(out.imageRouting().logits(), golden.get("super_labels"));
            return crossEntropy(golden, out.logits()).add(Ops.mul(routerLoss, 0.3));
        });
    }

    private static NDArray crossEntropy(Golden golden, NDArray logits) {
        return Losses.crossEntropy(logits, golden.get("labels"));
    }

    /** The training loss of a case from the golden tensors and the model's output. */
    private interface CaseLoss {
        NDArray of(Golden golden, ModelOutput output);
    }

    /** Forward with training semantics but no noise or dropout, compare outputs, backward, compare gradients. */
    private void check(String name, Classifier model, Dispatch dispatch, CaseLoss caseLoss) {
        try (model) {
            Golden golden = Golden.load(name, manager);
            golden.copyParametersInto(model);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ModelOutput out = model.forward(golden.get("input"), new ForwardContext(true, false, dispatch));
                assertClose(out.logits(), golden.get("logits"), "logits");
                NDArray loss = caseLoss.of(golden, out);
                assertClose(loss, golden.get("loss"), "loss");
                collector.backward(loss);
            }
            golden.assertGradients(model);
        }
    }
}
