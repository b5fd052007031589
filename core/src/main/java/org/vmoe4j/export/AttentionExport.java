package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Self-attention as graph nodes: the ViT's multi-head attention with timm's fused {@code qkv} (SPEC §1)
 * and mLiT's grouped-query attention (SPEC §3), both as softmax(Q·Kᵀ/√d)·V with batched MatMuls over
 * key/value groups (a group's query heads stacked along the rows, as {@code nn.Attention} does).
 * The 1/√d scale is folded into the query projection's weight and bias at export.
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

    /** timm's MHSA {@code prefix.qkv}, {@code prefix.proj}: x [N, T, D] → [N, T, D]. */
    ONNXRef<?> multiHead(ONNXRef<?> x, String prefix) {
        int d = dim / heads;
        NDArray weight = layers.weights.param(prefix + ".qkv.weight"); // [3D, D]: q rows first
        NDArray bias = layers.weights.param(prefix + ".qkv.bias");
        NDArray scale = weight.getManager().ones(new Shape(3L * dim));
        scale.set(new NDIndex(":" + dim), (float) (1 / Math.sqrt(d)));
        ONNXRef<?> qkv = layers.linear(x, prefix + ".qkv.scaled", weight.mul(scale.expandDims(1)), bias.mul(scale));
        ONNXRef<?> split = graph.transpose(graph.reshape(qkv, 0, tokens, 3, heads, d), 2, 0, 3, 1, 4); // [3, N, H, T, d]
        ONNXRef<?> keysT = graph.transpose(graph.select(split, 1, 0), 0, 1, 3, 2);                     // [N, H, d, T]
        return attend(graph.select(split, 0, 0), keysT, graph.select(split, 2, 0), heads, prefix);
    }

    /** mLiT's GQA {@code prefix.q/k/v/proj} with {@code groups} key/value heads: x [N, T, m] → [N, T, m]. */
    ONNXRef<?> groupedQuery(ONNXRef<?> x, String prefix, int groups) {
        int d = dim / heads, perGroup = heads / groups;
        float scale = (float) (1 / Math.sqrt(d));
        NDArray qWeight = layers.weights.param(prefix + ".q.weight");
        NDArray qBias = layers.weights.param(prefix + ".q.bias");
        ONNXRef<?> q = layers.linear(x, prefix + ".q.scaled", qWeight.mul(scale), qBias.mul(scale));
        ONNXRef<?> queries = graph.transpose(graph.reshape(q, 0, tokens, groups, perGroup, d), 0, 2, 3, 1, 4);
        queries = graph.reshape(queries, 0, groups, (long) perGroup * tokens, d);          // [N, G, R·T, d]
        ONNXRef<?> keysT = graph.transpose(graph.reshape(layers.linear(x, prefix + ".k"), 0, tokens, groups, d), 0, 2, 3, 1);
        ONNXRef<?> values = graph.transpose(graph.reshape(layers.linear(x, prefix + ".v"), 0, tokens, groups, d), 0, 2, 1, 3);
        return attend(queries, keysT, values, groups, prefix);
    }

    /**
     * softmax(q·kᵀ)·v then the output projection.
     *
     * @param queries [N, G, R·T, d] already scaled
     * @param keysT [N, G, d, T]
     * @param values [N, G, T, d]
     */
    private ONNXRef<?> attend(ONNXRef<?> queries, ONNXRef<?> keysT, ONNXRef<?> values, int groups, String prefix) {
        int d = dim / heads;
        ONNXRef<?> weights = graph.softmax(graph.matMul(queries, keysT));       // [N, G, R·T, T]
        ONNXRef<?> out = graph.matMul(weights, values);                          // [N, G, R·T, d]
        if (groups != heads) {
            out = graph.reshape(out, 0, heads, tokens, d);                        // [N, H, T, d]
        }
        ONNXRef<?> merged = graph.reshape(graph.transpose(out, 0, 2, 1, 3), 0, tokens, dim); // [N, T, H·d]
        return layers.linear(merged, prefix + ".proj");
    }
}
