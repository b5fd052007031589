package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * One tensor of the per-image experts left out of the graph ({@link ExportOptions#separateExperts()}): a graph
 * input of this name, element type and dims, stacked over the E experts along its first axis.
 *
 * @param bytes the values, little-endian
 */
public record ExpertTensor(String name, DataType type, long[] dims, byte[] bytes) {
    /** The number of experts stacked. */
    public int experts() {
        return Math.toIntExact(dims[0]);
    }
}
