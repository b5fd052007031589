package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Init;
import org.vmoe4j.nn.LayerNorm;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.nn.Scope;

/**
 * The mLiT encoder shared by the classifier and the masked auto-encoder (SPEC §3, §4): patch
 * embedding without bias, an all-zero dummy patch appended as the last token, a learned position
 * embedding for the N + 1 positions, the layers, and a final LayerNorm.
 */
final class MLiTEncoder {
    private final MlitConfig config;
    private final PatchEmbedding patchEmbed;
    private final NDArray posEmbed; // [1, N+1, m]
    private final MLiTLayers blocks;
    private final LayerNorm norm;

    MLiTEncoder(Scope root, MlitConfig config) {
        config.validate();
        this.config = config;
        this.patchEmbed = new PatchEmbedding(root.child("patch_embed.proj"), config.channels(), config.patchSize(),
                config.dim(), false);
        this.posEmbed = root.param("pos_embed", Init.EMBEDDING, 1, config.patches() + 1, config.dim());
        this.blocks = new MLiTLayers(root.child("blocks"), config);
        this.norm = new LayerNorm(root.child("norm"), config.dim(), MlitConfig.LAYER_NORM_EPS);
    }

    /** images [B, C, H, W] → patch tokens with their positions [B, N, m] (dummy not included). */
    NDArray patchTokens(NDArray images) {
        return patchEmbed.forward(images).add(posEmbed.get(":, :" + config.patches() + ", :"));
    }

    /** The dummy token for B images [B, 1, m]: an all-zero patch, embedded, at position N. */
    NDArray dummyToken(long batch) {
        int values = config.channels() * config.patchSize() * config.patchSize();
        NDArray zeroPatch = posEmbed.getManager().zeros(new Shape(batch, 1, values));
        return patchEmbed.embed(zeroPatch).add(posEmbed.get(":, " + config.patches() + ":, :"));
    }

    /** tokens [B, T, m] followed by the dummy token → encoded and normalised [B, T+1, m]. */
    NDArray encode(NDArray tokens, ForwardContext context) {
        NDArray x = NDArrays.concat(new NDList(tokens, dummyToken(tokens.getShape().get(0))), 1);
        return norm.forward(blocks.forward(x, context));
    }

    /** The parameters of one expert of each MoE layer. */
    List<Long> expertParams() {
        return blocks.expertParams();
    }

    /** Rows for the patch embedding, position embedding, layers (at {@code tokens} tokens) and norm. */
    void addCosts(List<LayerCost> costs, long tokens) {
        costs.add(new LayerCost("patch_embed", patchEmbed.cost(tokens)));
        costs.add(new LayerCost("pos_embed", Cost.dense(posEmbed.size(), 0)));
        blocks.addCosts(costs, "blocks", tokens);
        costs.add(new LayerCost("norm", norm.cost()));
    }
}
