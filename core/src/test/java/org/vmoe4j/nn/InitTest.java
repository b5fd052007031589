package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * Which initialisation each family gets (ML §3: PyTorch's defaults for mLiT; timm's for the ViT family), checked on
 * the values drawn: bounds, spread and the exact constants.
 */
class InitTest {
    @Test
    void mlitLayersStartAsPyTorchDefaultsForEachLayerType() {
        try (Model mlit = Models.build(ModelPresets.get("mlit-xxs").config(), 3)) {
            Map<String, NDArray> p = mlit.parameters().parameters();
            // nn.Linear(108, ...): weight and bias U(±1/√108)
            assertUniform(p.get("blocks.0.attn.q.weight"), 108);
            assertUniform(p.get("blocks.0.attn.q.bias"), 108);
            assertUniform(p.get("head.weight"), 108);
            // stacked per-expert W [3, 81, 108] and the shared W2 [108, 81] of layer 0 (d_h 81)
            assertUniform(p.get("blocks.0.moe.w.weight"), 108);
            assertUniform(p.get("blocks.0.moe.w.bias"), 108);
            assertUniform(p.get("blocks.0.moe.w2.weight"), 81);
            assertUniform(p.get("blocks.0.moe.w2.bias"), 81);
            // the patch projection 27 → 108 without bias
            assertUniform(p.get("patch_embed.proj.weight"), 27);
            assertConstant(p.get("blocks.0.norm1.weight"), 1);
            assertConstant(p.get("blocks.0.norm1.bias"), 0);
            assertConstant(p.get("blocks.0.moe.gate.w_gate"), 0);
            assertNormal(p.get("pos_embed"), 0.02);
        }
    }

    @Test
    void vitLayersStartAsTimmDoes() {
        try (Model vit = Models.build(ModelPresets.get("vit-6x64").config(), 3)) {
            Map<String, NDArray> p = vit.parameters().parameters();
            assertNormal(p.get("blocks.0.mlp.fc1.weight"), 0.02);
            assertNormal(p.get("blocks.0.attn.qkv.weight"), 0.02);
            assertConstant(p.get("blocks.0.mlp.fc1.bias"), 0);
            assertConstant(p.get("head.bias"), 0);
            assertNormal(p.get("pos_embed"), 0.02);
            assertThat(maxAbs(p.get("cls_token"))).isGreaterThan(0).isLessThan(1e-5f);
            // timm leaves the patch convolution [64, 3, 32, 32] to PyTorch: U(±1/√(3·32·32))
            assertUniform(p.get("patch_embed.proj.weight"), 3 * 32 * 32);
            assertUniform(p.get("patch_embed.proj.bias"), 3 * 32 * 32);
        }
    }

    @Test
    void mobileVMoeExpertsStartLikeTheDenseMlp() {
        try (Model moe = Models.build(ModelPresets.get("mvmoe-6x64").config(), 3)) {
            Map<String, NDArray> p = moe.parameters().parameters();
            assertNormal(p.get("blocks.5.experts.fc1.weight"), 0.02);
            assertConstant(p.get("blocks.5.experts.fc2.bias"), 0);
            assertNormal(p.get("router.weight"), 0.02);
        }
    }

    /** U(±b), b = 1/√fan_in: all inside, some near the bound, variance b²/3. */
    private static void assertUniform(NDArray values, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        float[] v = values.toFloatArray();
        assertThat((double) maxAbs(values)).as("max |v|").isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        double tolerance = 4 * Math.sqrt(4.0 / 45 / v.length) * bound * bound; // 4 standard errors of the variance
        assertThat(variance(v)).as("variance").isCloseTo(bound * bound / 3, within(tolerance));
    }

    private static void assertNormal(NDArray values, double std) {
        float[] v = values.toFloatArray();
        assertThat(Math.sqrt(variance(v))).as("std").isCloseTo(std, within(4 * std / Math.sqrt(2.0 * v.length)));
        assertThat(Arrays.stream(toDoubles(v)).average().orElseThrow()).isCloseTo(0, within(4 * std / Math.sqrt(v.length)));
    }

    private static void assertConstant(NDArray values, float c) {
        for (float x : values.toFloatArray()) {
            assertThat(x).isEqualTo(c);
        }
    }

    private static float maxAbs(NDArray values) {
        float max = 0;
        for (float x : values.toFloatArray()) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private static double variance(float[] v) {
        double mean = Arrays.stream(toDoubles(v)).average().orElseThrow();
        return Arrays.stream(toDoubles(v)).map(x -> (x - mean) * (x - mean)).sum() / v.length;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
