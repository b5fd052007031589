package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ai.onnxruntime.platform.Fp16Conversions;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The model's parameters as graph tensors. Every tensor derived from a parameter enters the graph through
 * {@link #tensor} or {@link #matrix}, tagged with its role, and this class alone decides, from the
 * {@link ExportOptions}, how it is stored: float32 or int8 with per-channel scales ({@link Int8Tensor}), and as an
 * initializer or (the per-image experts, when they are separated) as a graph input fed from the side file
 * ({@link #separated}). Tensors are named after the parameter they come from (a suffix tells how it was
 * rearranged: {@code .T} transposed, {@code .rows} reshaped, {@code .int8} and {@code .scale} quantised).
 */
final class Weights {
    /** What a tensor is to the graph. */
    enum Role {
        /** The right operand of a MatMul: [in, out], or a stack of them [E, in, out] that all multiply. */
        MATRIX,
        /** Per-expert matrices [E, in, out] of which a per-image router's choice is gathered. */
        EXPERT_MATRICES,
        /** A router's or gate's matrix [in, E]: it picks the experts, so it is never int8 (and is tiny). */
        ROUTER,
        /** A convolution kernel [out, in, h, w]; int8 weights are dequantised before the (float) convolution. */
        KERNEL,
        /** Per-expert biases [E, 1, out] gathered like their matrices. */
        EXPERT_VECTORS,
        /** Anything else: biases, norms, position tables. */
        VECTOR
    }

    private static final float FLOAT16_MAX = 65504;

    private final Map<String, NDArray> parameters;
    private final OnnxGraph graph;
    private final ExportOptions options;
    private final List<ExpertTensor> separated = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    Weights(Map<String, NDArray> parameters, OnnxGraph graph, ExportOptions options) {
        this.parameters = parameters;
        this.graph = graph;
        this.options = options;
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

    /** A tensor that is not a quantisable MatMul operand ({@link #matrix}). */
    ONNXRef<?> tensor(String name, NDArray value, Role role) {
        long[] dims = value.getShape().getShape();
        if (role == Role.KERNEL && options.quantization().int8()) {
            Int8Tensor q = Int8Tensor.rows(value.toFloatArray(), dims);
            return graph.op(OnnxOps.DEQUANTIZE_LINEAR, List.of(place(name + ".int8", DataType.INT8, q.values(), dims, false),
                    floats(name + ".scale", q.scales(), q.scaleDims(), false)), Map.of("axis", 0));
        }
        return floats(name, value.toFloatArray(), dims, role == Role.EXPERT_VECTORS);
    }

    /** A MatMul right operand [in, out], or a stack [E, in, out], of role MATRIX or EXPERT_MATRICES. */
    Matrix matrix(String name, NDArray value, Role role) {
        long[] dims = value.getShape().getShape();
        boolean expert = role == Role.EXPERT_MATRICES;
        if (!options.quantization().int8()) {
            return new Matrix(name, place(name, DataType.FLOAT, bytes(value.toFloatArray()), dims, expert), null, dims, false);
        }
        Int8Tensor q = Int8Tensor.columns(value.toFloatArray(), dims);
        return new Matrix(name, place(name + ".int8", DataType.INT8, q.values(), dims, expert),
                floats(name + ".scale", q.scales(), q.scaleDims(), expert), dims, false);
    }

    /** A parameter as it is. */
    ONNXRef<?> vector(String name) {
        return tensor(name, param(name), Role.VECTOR);
    }

    /** Stacked expert weights [E, out, in] as [E, in, out]. */
    Matrix expertMatrices(String name, Role role) {
        return matrix(name + ".T", param(name).transpose(0, 2, 1), role);
    }

    /** Stacked expert biases [E, out] as [E, 1, out], to broadcast over tokens. */
    ONNXRef<?> expertBiases(String name, Role role) {
        return tensor(name + ".rows", param(name).expandDims(1), role);
    }

    /** The tensors left out of the graph for the side file, in the order they were made. */
    List<ExpertTensor> separated() {
        return List.copyOf(separated);
    }

    /**
     * A float tensor: float32, or in an int8 export float16 widened by a Cast (which ONNX Runtime folds when the
     * session loads, so that it computes in float32 from a file half the size), except for the per-image experts'
     * biases and scales (tiny; the side file's stacks are read in place, uncast) and values beyond float16's range.
     */
    private ONNXRef<?> floats(String name, float[] values, long[] dims, boolean expert) {
        if (!options.quantization().int8() || expert || !fitFloat16(values)) {
            return place(name, DataType.FLOAT, bytes(values), dims, expert);
        }
        ONNXRef<?> half = place(name + ".f16", DataType.FLOAT16, float16(values), dims, expert);
        return graph.op(ONNXOperators.CAST, List.of(half), Map.of("to", DataType.FLOAT.getNumber()));
    }

    /** An initializer, or a graph input recorded for the side file when it belongs to the separated experts. */
    private ONNXRef<?> place(String name, DataType type, byte[] bytes, long[] dims, boolean expert) {
        if (!names.add(name)) {
            throw new IllegalStateException("two tensors named " + name);
        }
        if (expert && options.separateExperts()) {
            separated.add(new ExpertTensor(name, type, dims, bytes));
            return graph.input(name, type, dims);
        }
        return graph.initializer(name, type, bytes, dims);
    }

    private static boolean fitFloat16(float[] values) {
        for (float v : values) {
            if (!(Math.abs(v) <= FLOAT16_MAX)) {
                return false;
            }
        }
        return true;
    }

    /** IEEE half precision, rounded to nearest even, little-endian. */
    private static byte[] float16(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putShort(Fp16Conversions.floatToFp16(v));
        }
        return buffer.array();
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }
}
