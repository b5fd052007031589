package org.vmoe4j.export;

import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MoeConfig;

/**
 * Mobile V-MoE's per-image routing as graph nodes (SPEC §2, MV Eq. 2): one router reads the image
 * representation entering the first MoE block (the mean of its patch tokens, or its class token),
 * g = TOP_k(softmax(W·x)) ({@link TopKGates}: renormalised when the MoE says so), and every MoE block
 * then runs only the k chosen experts of each image: their stacked weights are gathered [N, k, ...] and
 * multiplied, never all E.
 */
final class ImageRoutedExperts {
    private ImageRoutedExperts() {
    }

    /** x [N·T, D] (each image's class token first) → gates [N, k] (values) and experts [N, k] (indices), best first. */
    static OnnxGraph.TopK route(Layers layers, ONNXRef<?> x, MoeConfig moe, int tokens, int dim) {
        OnnxGraph graph = layers.graph;
        ONNXRef<?> images = graph.reshape(x, -1, tokens, dim);                                  // [N, T, D]
        ONNXRef<?> image = moe.router() == MoeConfig.Router.IMAGE_MEAN
                ? graph.reduceMean(graph.slice(images, 1, tokens, 1), 1)                      // [N, D] mean of the patch tokens
                : graph.select(images, 0, 1);                                                 // [N, D] the class token
        return TopKGates.of(graph, layers.router(image, "router"), moe);
    }

    /** The MoE half of block {@code prefix}: h [N·T, D] → Σ_j g_j · expert_{e_j}(h) [N·T, D]. */
    static ONNXRef<?> apply(Layers layers, ONNXRef<?> h, String prefix, OnnxGraph.TopK routing, int tokens, int dim) {
        OnnxGraph graph = layers.graph;
        Weights weights = layers.weights;
        String experts = prefix + ".experts.";
        ONNXRef<?> chosen = routing.indices();                                                  // [N, k]
        Weights.Role matrices = Weights.Role.EXPERT_MATRICES, biases = Weights.Role.EXPERT_VECTORS;
        Matrix fc1 = weights.expertMatrices(experts + "fc1.weight", matrices).gather(graph, chosen);          // [N, k, D, hid]
        ONNXRef<?> fc1Bias = graph.gather(weights.expertBiases(experts + "fc1.bias", biases), chosen, 0);   // [N, k, 1, hid]
        Matrix fc2 = weights.expertMatrices(experts + "fc2.weight", matrices).gather(graph, chosen);          // [N, k, hid, D]
        ONNXRef<?> fc2Bias = graph.gather(weights.expertBiases(experts + "fc2.bias", biases), chosen, 0);   // [N, k, 1, D]
        ONNXRef<?> images = graph.reshape(h, -1, 1, tokens, dim);                               // [N, 1, T, D]
        ONNXRef<?> out = layers.expertMlps(images, fc1, fc1Bias, fc2, fc2Bias);                 // [N, k, T, D]
        ONNXRef<?> gates = graph.reshape(routing.values(), 0, -1, 1, 1);                       // [N, k, 1, 1]
        ONNXRef<?> mixed = graph.reduceSum(graph.mul(out, gates), 1);                          // [N, T, D]
        return graph.reshape(mixed, -1, dim);
    }
}
