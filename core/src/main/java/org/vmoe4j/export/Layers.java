package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import org.tribuo.util.onnx.ONNXRef;

/** The layers every family shares, as graph nodes over the model's {@link Weights}. */
final class Layers {
    final OnnxGraph graph;
    final Weights weights;
    final MatrixProduct product;

    Layers(OnnxGraph graph, Weights weights, MatrixProduct product) {
        this.graph = graph;
        this.weights = weights;
        this.product = product;
    }

    /** y = x·Wᵀ + b of the linear layer {@code prefix} ({@code prefix.weight} [out, in], {@code prefix.bias} if it has one). */
    ONNXRef<?> linear(ONNXRef<?> x, String prefix) {
        String bias = prefix + ".bias";
        return linear(x, prefix, weights.param(prefix + ".weight"), weights.has(bias) ? weights.param(bias) : null);
    }

    /** y = x·Wᵀ + b with a weight [out, in] and optional bias [out] derived from the parameters under {@code name}. */
    ONNXRef<?> linear(ONNXRef<?> x, String name, NDArray weight, NDArray bias) {
        ONNXRef<?> y = product.of(x, weights.matrix(name + ".weight.T", weight.transpose(), Weights.Role.MATRIX));
        return bias == null ? y : graph.add(y, weights.tensor(name + ".bias", bias, Weights.Role.VECTOR));
    }

    /** The scores x·Wᵀ of router {@code prefix} (weight [E, in], no bias), always in float32. */
    ONNXRef<?> router(ONNXRef<?> x, String prefix) {
        String name = prefix + ".weight";
        return graph.matMul(x, weights.tensor(name + ".T", weights.param(name).transpose(), Weights.Role.ROUTER));
    }

    /** LayerNorm {@code prefix} over the last axis. */
    ONNXRef<?> layerNorm(ONNXRef<?> x, String prefix, double eps) {
        return graph.layerNorm(x, weights.vector(prefix + ".weight"), weights.vector(prefix + ".bias"), eps);
    }

    /** The ViT MLP (SPEC §1): fc2(GELU(fc1(x))). */
    ONNXRef<?> mlp(ONNXRef<?> x, String prefix) {
        return linear(graph.gelu(linear(x, prefix + ".fc1")), prefix + ".fc2");
    }

    /**
     * Stacked expert MLPs by broadcasting matrix products: rows x [.., T, D] against weights [.., D, hidden] and
     * [.., hidden, D] with biases [.., 1, hidden] and [.., 1, D], e.g. [N, 1, T, D] with gathered [N, k, D, hidden]
     * → [N, k, T, D], or [M, D] with stacks [E, D, hidden] → [E, M, D].
     */
    ONNXRef<?> expertMlps(ONNXRef<?> x, Matrix fc1, ONNXRef<?> fc1Bias, Matrix fc2, ONNXRef<?> fc2Bias) {
        ONNXRef<?> hidden = graph.gelu(graph.add(product.of(x, fc1), fc1Bias));
        return graph.add(product.of(hidden, fc2), fc2Bias);
    }
}
