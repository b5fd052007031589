package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Self-attention as graph nodes, one form for the ViT's multi-head attention (SPEC §1, timm's fused
 * {@code qkv}) and mLiT's grouped-query attention (SPEC §3, separate {@code q}, {@code k}, {@code v}):
 * H query heads in G key/value groups (G = H for multi-head), softmax(Q·Kᵀ/√d)·V as batched MatMuls over
 * the groups with a group's R = H/G query heads stacked along the rows, as {@code nn.Attention} does.
 * The query, key and value projections run as one MatMul of weights concatenated at export, with
 * 1/√d folded into the query rows; the heads come out of one Reshape, Transpose and Split.
 */
final class AttentionExport {
    private final Layers layers;
    private final OnnxGraph graph;
    private final int dim;
    private final int heads;
    private final int tokens;

    AttentionExport(Layers layers, int dim, int heads, int tokens) {
        this.layers = layers;
        this.graph = layers.graph;
        this.dim = dim;
        this.heads = heads;
        this.tokens = tokens;
    }

    /** timm's MHSA {@code prefix.qkv} ([3D, D]: q, k, v rows), {@code prefix.proj}: x [N·T, D] → [N·T, D]. */
    ONNXRef<?> multiHead(ONNXRef<?> x, String prefix) {
        Weights weights = layers.weights;
        NDList qkv = weights.param(prefix + ".qkv.weight").split(3, 0);
        NDList bias = weights.param(prefix + ".qkv.bias").split(3, 0);
        return attend(x, prefix, heads, qkv.get(0), qkv.get(1), qkv.get(2), bias.get(0), bias.get(1), bias.get(2));
    }

    /** mLiT's GQA {@code prefix.q/k/v/proj} with {@code groups} key/value heads: x [N·T, m] → [N·T, m]. */
    ONNXRef<?> groupedQuery(ONNXRef<?> x, String prefix, int groups) {
        Weights w = layers.weights;
        return attend(x, prefix, groups, w.param(prefix + ".q.weight"), w.param(prefix + ".k.weight"),
                w.param(prefix + ".v.weight"), w.param(prefix + ".q.bias"), w.param(prefix + ".k.bias"),
                w.param(prefix + ".v.bias"));
    }

    /** Projections [H·d | G·d | G·d, D] (head h = g·R + r), attention per group, output projection. */
    private ONNXRef<?> attend(ONNXRef<?> x, String prefix, int groups, NDArray q, NDArray k, NDArray v,
                              NDArray qBias, NDArray kBias, NDArray vBias) {
        int d = dim / heads, perGroup = heads / groups;
        float scale = (float) (1 / Math.sqrt(d));
        NDArray weight = NDArrays.concat(new NDList(q.mul(scale), k, v), 0);
        NDArray bias = NDArrays.concat(new NDList(qBias.mul(scale), kBias, vBias), 0);
        ONNXRef<?> projected = layers.linear(x, prefix + ".qkv_scaled", weight, bias);                // [N·T, (H+2G)·d]
        ONNXRef<?> headsFirst = graph.transpose(graph.reshape(projected, -1, tokens, heads + 2L * groups, d), 0, 2, 1, 3);
        List<ONNXNode> split = graph.split(headsFirst, 1, heads, groups, groups);  // [N, H, T, d], [N, G, T, d] ×2
        ONNXRef<?> queries = perGroup == 1 ? split.get(0)
                : graph.reshape(split.get(0), 0, groups, (long) perGroup * tokens, d);                // [N, G, R·T, d]
        ONNXRef<?> keysT = graph.transpose(split.get(1), 0, 1, 3, 2);                                 // [N, G, d, T]
        ONNXRef<?> attention = graph.softmax(graph.matMul(queries, keysT));                           // [N, G, R·T, T]
        ONNXRef<?> out = graph.matMul(attention, split.get(2));                                      // [N, G, R·T, d]
        if (perGroup > 1) {
            out = graph.reshape(out, 0, heads, tokens, d);                                            // [N, H, T, d]
        }
        ONNXRef<?> merged = graph.reshape(graph.transpose(out, 0, 2, 1, 3), -1, dim);                // [N·T, H·d]
        return layers.linear(merged, prefix + ".proj");
    }
}
