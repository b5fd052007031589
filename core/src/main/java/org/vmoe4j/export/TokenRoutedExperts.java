package org.vmoe4j.export;

import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MoeConfig;

/**
 * Regular V-MoE's per-token routing as graph nodes (SPEC §2 ablation): the block's router on each of its
 * normed tokens, TOP_k(softmax(W·x)) ({@link TopKGates}: renormalised when the MoE says so), and y = Σ_e G_e · expert_e(x) with the gate matrix G zero outside
 * each token's top k. A static graph cannot sort tokens by expert, so all E experts run on every token
 * (one batched MatMul per layer); the zero gates keep the result exactly that of the k chosen experts.
 */
final class TokenRoutedExperts {
    private TokenRoutedExperts() {
    }

    /** The MoE half of block {@code prefix}: h [N·T, D] → [N·T, D]. */
    static ONNXRef<?> apply(Layers layers, ONNXRef<?> h, String prefix, MoeConfig moe) {
        OnnxGraph graph = layers.graph;
        Weights weights = layers.weights;
        String experts = prefix + ".experts.";
        ONNXRef<?> logits = layers.router(h, prefix + ".router");                                    // [N·T, E]
        OnnxGraph.TopK top = TopKGates.of(graph, logits, moe);                                       // [N·T, k]
        ONNXRef<?> gates = graph.scatterLast(logits, top.indices(), top.values());                  // [N·T, E]
        ONNXRef<?> out = layers.expertMlps(h,
                weights.expertMatrices(experts + "fc1.weight", Weights.Role.MATRIX),                  // [E, D, hid]
                weights.expertBiases(experts + "fc1.bias", Weights.Role.VECTOR),                      // [E, 1, hid]
                weights.expertMatrices(experts + "fc2.weight", Weights.Role.MATRIX),                  // [E, hid, D]
                weights.expertBiases(experts + "fc2.bias", Weights.Role.VECTOR));                     // → [E, N·T, D]
        ONNXRef<?> perExpert = graph.unsqueeze(graph.transpose(gates, 1, 0), 2);                     // [E, N·T, 1]
        return graph.reduceSum(graph.mul(out, perExpert), 0);                                        // [N·T, D]
    }
}
