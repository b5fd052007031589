package org.vmoe4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.nn.Cost;

/** Overrides that the ablations need: --dense-k (MV Fig. 3d), --expert-sharing (ML Table 9), routing and capacity. */
class ModelSpecTest {
    /** MV Fig. 3d: a dense ViT with MLP ×k in its last 2 blocks costs what its twin costs with k experts per image. */
    @ParameterizedTest
    @CsvSource({"6x64, 2", "6x64, 3", "12x192, 2", "9x96, 3"})
    void denseKMatchesTheTwinsFlopsUpToItsRouter(String size, int k) {
        Cost dense = cost(new ModelSpec.Builder("vit-" + size).denseK(k).build());
        Cost moe = cost(new ModelSpec.Builder("mvmoe-" + size).k(k).build());
        assertThat((double) dense.flops() / moe.flops()).isCloseTo(1, within(0.01));
        int d = Integer.parseInt(size.split("x")[1]);
        assertThat(moe.flops() - dense.flops()).as("the router").isEqualTo(2L * d * 10);
    }

    @Test
    void denseKWidensOnlyTheLastLBlocks() {
        VitConfig wide = (VitConfig) new ModelSpec.Builder("vit-6x64").denseK(2).moeLayers(3).build().resolve();
        assertThat(wide.denseK()).isEqualTo(new DenseK(2, 3));
        assertThat(new int[] {wide.mlpHidden(2), wide.mlpHidden(3), wide.mlpHidden(5)}).containsExactly(256, 512, 512);
        // parameters: 3 blocks × (fc1 and fc2 matrices and the wider fc1 bias) more than vit-6x64
        long extra = 3L * (2 * 64 * 256 + 256);
        assertThat(cost(new ModelSpec.Builder("vit-6x64").denseK(2).moeLayers(3).build()).params()
                - cost(ModelSpec.of("vit-6x64")).params()).isEqualTo(extra);
        assertThat(new ModelSpec.Builder("vit-6x64").denseK(1).build().resolve())
                .isEqualTo(ModelSpec.of("vit-6x64").resolve());
    }

    @Test
    void overridesThatDoNotFitTheModelAreRefusedByName() {
        assertRefused(new ModelSpec.Builder("mvmoe-6x64").denseK(2), "--dense-k");
        assertRefused(new ModelSpec.Builder("mlit-xxs").denseK(2), "--dense-k");
        assertRefused(new ModelSpec.Builder("vit-6x64").moeLayers(3), "--moe-layers");
        assertRefused(new ModelSpec.Builder("vit-6x64").denseK(2).moeLayers(7), "exceed the depth");
        assertRefused(new ModelSpec.Builder("mlit-xxs").moeLayers(2), "--moe-layers");
        assertRefused(new ModelSpec.Builder("vit-6x64").sharing(ExpertSharing.V_W), "--expert-sharing");
        assertRefused(new ModelSpec.Builder("mvmoe-6x64").capacityRatio(1.0), "--capacity-ratio");
        assertRefused(new ModelSpec.Builder("mvmoe-6x64").routing(Routing.LEARNED_TOKEN).capacityRatio(0.0), "> 0");
        assertRefused(new ModelSpec.Builder("mvmoe-6x64").router(MoeConfig.Router.TOKEN).routing(Routing.SUPERCLASS),
                "per-image router");
    }

    /**
     * ML Table 9 by hand for mLiT-XXS (m 108, d_h 81, 74, 67, 60, 54, 47, 40, 33, 27 by Eq. 15; 3, 3, 3, 4, 4, 4, 5, 5,
     * 5 experts): W_W2 owns V per expert, the same shapes as V_W2's W, so the same 662,273 parameters; V_W owns W2
     * [m, d_h] + b [m] per expert and shares W, V: per layer (t − 1)(m − d_h) more, Σ = 2·(27 + 34 + 41) + 3·(48 + 54
     * + 61) + 4·(68 + 75 + 81) = 1,589. Active: each layer's t − 2 unchosen experts (k = 2) do not run, a W of
     * 109·d_h each for V_W2 and W_W2 (Σ (t−2)·109·d_h = 109·(222 + 2·161 + 3·100) = 91,996) and a W2 of 108·(d_h + 1)
     * for V_W (108·(225 + 2·164 + 3·103) = 93,096).
     */
    @ParameterizedTest
    @CsvSource({"V_W2, 662273, 570277", "W_W2, 662273, 570277", "V_W, 663862, 570766"})
    void expertSharingVariantsOfMlitXxsHaveTheirHandCountedParameters(ExpertSharing sharing, long params, long active) {
        Cost cost = cost(new ModelSpec.Builder("mlit-xxs").sharing(sharing).build());
        assertThat(cost.params()).isEqualTo(params);
        assertThat(cost.activeParams()).isEqualTo(active);
    }

    @Test
    void anAutoencoderSharesInEncoderAndDecoder() {
        MaeConfig mae = (MaeConfig) new ModelSpec.Builder("mmlit-xxs").sharing(ExpertSharing.W_W2).build().resolve();
        assertThat(mae.encoder().sharing()).isEqualTo(ExpertSharing.W_W2);
        assertThat(mae.decoder().sharing()).isEqualTo(ExpertSharing.W_W2);
    }

    private static void assertRefused(ModelSpec.Builder spec, String message) {
        assertThatThrownBy(() -> spec.build().resolve()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static Cost cost(ModelSpec spec) {
        try (Model model = Models.build(spec.resolve(), 0)) {
            return model.totalCost();
        }
    }
}
