package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.ExpertSharing;

/**
 * An mLiT MoE layer at inference as graph nodes (SPEC §3, ML Eq. 1–4, 13). The gate is the noisy top-k
 * gate without noise: G = Softmax_k(x·W_g), the softmax over each token's k largest logits and 0
 * elsewhere. The experts take SPEC §3's rewritten form: the per-expert map of all t experts runs as one
 * MatMul whose outputs are weighted by G and summed, and the two shared maps run once.
 */
final class SwiGluMoeExport {
    private SwiGluMoeExport() {
    }

    /** The MoE layer {@code prefix} on the token rows x [M, m] → [M, m]. */
    static ONNXRef<?> apply(Layers layers, ONNXRef<?> x, String prefix, int experts, int k, ExpertSharing sharing) {
        OnnxGraph graph = layers.graph;
        String gate = prefix + ".gate.w_gate";                                                       // [m, t]
        ONNXRef<?> logits = graph.matMul(x, layers.weights.tensor(gate, layers.weights.param(gate), Weights.Role.ROUTER));
        OnnxGraph.TopK top = graph.topK(logits, k);
        ONNXRef<?> gates = graph.scatterLast(logits, top.indices(), graph.softmax(top.values()));     // [M, t]
        Mixture mixture = new Mixture(layers, gates, experts);
        return switch (sharing) {
            case V_W2 -> layers.linear(graph.mul(mixture.of(x, prefix + ".w", true),
                    layers.linear(x, prefix + ".v")), prefix + ".w2");
            case W_W2 -> layers.linear(graph.mul(mixture.of(x, prefix + ".v", false),
                    graph.silu(layers.linear(x, prefix + ".w"))), prefix + ".w2");
            case V_W -> mixture.of(graph.mul(graph.silu(layers.linear(x, prefix + ".w")),
                    layers.linear(x, prefix + ".v")), prefix + ".w2", false);
        };
    }

    /** Σ_i G_i·act(u·W_iᵀ + b_i) over the t experts of a per-expert linear map. */
    private record Mixture(Layers layers, ONNXRef<?> gates, int experts) {
        /** u [M, in] through the stacked map {@code name} ([t, out, in], [t, out]), silu or not → [M, out]. */
        ONNXRef<?> of(ONNXRef<?> u, String name, boolean silu) {
            OnnxGraph graph = layers.graph;
            NDArray weight = layers.weights.param(name + ".weight");
            long out = weight.getShape().get(1), in = weight.getShape().get(2);
            NDArray bias = layers.weights.param(name + ".bias").reshape(experts * out);
            ONNXRef<?> y = layers.linear(u, name + ".all_experts", weight.reshape(experts * out, in), bias); // [M, t·out]
            ONNXRef<?> perExpert = graph.reshape(silu ? graph.silu(y) : y, 0, experts, out);                // [M, t, out]
            return graph.reduceSum(graph.mul(perExpert, graph.unsqueeze(gates, 2)), 1);                      // [M, out]
        }
    }
}
