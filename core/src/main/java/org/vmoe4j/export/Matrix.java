package org.vmoe4j.export;

import org.tribuo.util.onnx.ONNXRef;

/**
 * The right operand of a matrix product as the graph holds it ({@link Weights#matrix}): float32 values, or int8
 * values with their per-output-channel scales ({@link Int8Tensor}).
 *
 * @param name the initializer's name, which also names the product's input in calibration ranges
 * @param values [in, out], or stacked [.., in, out]
 * @param scales null for float32; else [out] for one matrix, or [.., 1, out] for a stack
 * @param dims the dims of the matrix or stack as stored (before any gather): [.., in, out]
 */
record Matrix(String name, ONNXRef<?> values, ONNXRef<?> scales, long[] dims, boolean gathered) {
    /** True for more than one matrix: a stack, or experts gathered from one. */
    boolean stacked() {
        return gathered || dims.length > 2;
    }

    long in() {
        return dims[dims.length - 2];
    }

    long out() {
        return dims[dims.length - 1];
    }

    /** The matrices at {@code indices} of a stack [E, in, out] (and their scales): [indices.., in, out]. */
    Matrix gather(OnnxGraph graph, ONNXRef<?> indices) {
        return new Matrix(name, graph.gather(values, indices, 0), scales == null ? null : graph.gather(scales, indices, 0),
                dims, true);
    }
}
