package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Layer-wise decay (ML Table 4): lr · 0.9^(depth from the top), head at 0.9^0, embeddings at the bottom. */
class LayerDecayTest {
    private final LayerDecay decay = new LayerDecay(0.9, 9);

    @Test
    void theHeadAndFinalNormLearnAtTheBaseRate() {
        assertThat(decay.applyAsDouble("head.weight")).isEqualTo(1.0);
        assertThat(decay.applyAsDouble("norm.bias")).isEqualTo(1.0);
    }

    @Test
    void eachBlockDownTheStackLearnsTenPercentSlower() {
        assertThat(decay.applyAsDouble("blocks.8.moe.w.weight")).isCloseTo(0.9, within(1e-12));
        assertThat(decay.applyAsDouble("blocks.0.attn.q.weight")).isCloseTo(Math.pow(0.9, 9), within(1e-12));
    }

    @Test
    void theEmbeddingsAreTheBottomLayer() {
        double bottom = Math.pow(0.9, 10);
        assertThat(decay.applyAsDouble("patch_embed.proj.weight")).isCloseTo(bottom, within(1e-12));
        assertThat(decay.applyAsDouble("pos_embed")).isCloseTo(bottom, within(1e-12));
        assertThat(decay.applyAsDouble("cls_token")).isCloseTo(bottom, within(1e-12));
    }
}
