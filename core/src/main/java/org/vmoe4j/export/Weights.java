package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The model's parameters as graph initializers. Every tensor derived from a parameter enters the graph
 * through {@link #tensor}, tagged with its role, so that a later change can store matrices as int8 or
 * keep each expert's slice of a gathered expert stack in a file of its own in this one place.
 * Initializers are named after the parameter they come from (a suffix tells how it was rearranged).
 */
final class Weights {
    /** What a tensor is to the graph. */
    enum Role {
        /** The right operand of a MatMul: [in, out], or a stack of them [E, in, out] that all multiply. */
        MATRIX,
        /** Per-expert matrices [E, in, out] of which a per-image router's choice is gathered. */
        EXPERT_MATRICES,
        /** Per-expert biases [E, 1, out] gathered like their matrices. */
        EXPERT_VECTORS,
        /** Anything else: biases, norms, position tables. */
        VECTOR
    }

    private final Map<String, NDArray> parameters;
    private final OnnxGraph graph;

    Weights(Map<String, NDArray> parameters, OnnxGraph graph) {
        this.parameters = parameters;
        this.graph = graph;
    }

    /** The parameter of that name; a missing one is a bug in the exporter, not a user error. */
    NDArray param(String name) {
        NDArray value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the model has no parameter " + name);
        }
        return value;
    }

    boolean has(String name) {
        return parameters.containsKey(name);
    }

    /** The one place a parameter-derived tensor becomes part of the graph. */
    ONNXRef<?> tensor(String name, NDArray value, Role role) {
        return graph.floats(name, value.toFloatArray(), value.getShape().getShape());
    }

    /** A parameter as it is. */
    ONNXRef<?> vector(String name) {
        return tensor(name, param(name), Role.VECTOR);
    }

    /** A linear weight [out, in] as the MatMul operand [in, out]. */
    ONNXRef<?> matrix(String name, NDArray weight) {
        return tensor(name + ".T", weight.transpose(), Role.MATRIX);
    }

    /** Stacked expert weights [E, out, in] as [E, in, out]. */
    ONNXRef<?> expertMatrices(String name, Role role) {
        return tensor(name + ".T", param(name).transpose(0, 2, 1), role);
    }

    /** Stacked expert biases [E, out] as [E, 1, out], to broadcast over tokens. */
    ONNXRef<?> expertBiases(String name, Role role) {
        NDArray bias = param(name);
        return tensor(name + ".rows", bias.expandDims(1), role);
    }
}
