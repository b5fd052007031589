package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Images to tokens (SPEC §1, §3): the patch embedding as a P×P convolution of stride P (its kernel is the
 * timm-shaped {@code patch_embed.proj.weight} [D, C, P, P]), a zero row where the extra token goes (the
 * ViT's class token first, mLiT's dummy token last), then a position table that holds the extra token's
 * value: ViT's class token added to its position row, and for mLiT nothing, since the all-zero dummy
 * patch projects to zero without a bias.
 */
final class TokenEmbedding {
    /** Where the extra token sits. */
    enum Extra { FIRST, LAST }

    private TokenEmbedding() {
    }

    /**
     * @param images [N, C, H, W]
     * @param table [1, patches + 1, D] positions with the extra token's value folded in
     * @return [N·(patches + 1), D] the tokens of all images as rows, image after image
     */
    static ONNXRef<?> embed(Layers layers, ONNXRef<?> images, int patch, int patches, Extra extra, NDArray table) {
        OnnxGraph graph = layers.graph;
        Weights weights = layers.weights;
        int dim = Math.toIntExact(table.getShape().get(2));
        String kernel = "patch_embed.proj.weight", bias = "patch_embed.proj.bias";
        ONNXRef<?> conv = graph.patchConv(images, weights.tensor(kernel, weights.param(kernel), Weights.Role.KERNEL),
                weights.has(bias) ? weights.vector(bias) : null, patch);                      // [N, D, H/P, W/P]
        ONNXRef<?> tokens = graph.transpose(graph.reshape(conv, 0, dim, patches), 0, 2, 1);   // [N, patches, D]
        int first = extra == Extra.FIRST ? 1 : 0;
        ONNXRef<?> padded = graph.pad(tokens, 0, first, 0, 0, 1 - first, 0);                   // [N, patches + 1, D]
        ONNXRef<?> positioned = graph.add(padded, weights.tensor("pos_embed.with_extra_token", table, Weights.Role.VECTOR));
        return graph.reshape(positioned, -1, dim);
    }
}
