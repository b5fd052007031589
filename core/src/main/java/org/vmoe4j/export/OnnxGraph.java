package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * An ONNX graph under construction: tribuo's {@link ONNXContext} plus the tensor operations the exporter
 * uses, in the forms ONNX Runtime fuses (LayerNormalization, the erf pattern of exact GELU, MatMul + Add).
 * A Reshape target may hold 0 to copy that input dimension (the batch); a declared dimension of
 * {@link #BATCH_DIM} is the symbolic batch size {@value #BATCH}.
 */
final class OnnxGraph {
    static final String BATCH = "N";
    static final long BATCH_DIM = -1;
    private static final float SQRT_2 = (float) Math.sqrt(2);

    private final ONNXContext context = new ONNXContext();
    private final Map<List<Long>, ONNXRef<?>> longConstants = new HashMap<>();
    private final Map<Float, ONNXRef<?>> floatConstants = new HashMap<>();
    private final Map<Integer, ONNXRef<?>> uint8Constants = new HashMap<>();
    private final Map<Long, ONNXRef<?>> indexConstants = new HashMap<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();

    /** The outputs of TopK: values [.., k] (largest first) and their int64 indices. */
    record TopK(ONNXRef<?> values, ONNXRef<?> indices) {
    }

    /** Declares a float32 graph input of the given dims. */
    ONNXRef<?> input(String name, long... dims) {
        return input(name, DataType.FLOAT, dims);
    }

    /** Declares a graph input of the given element type and dims. */
    ONNXRef<?> input(String name, DataType type, long... dims) {
        inputs.add(valueInfo(name, type, dims));
        return reference(name);
    }

    /** An initializer of any element type from its little-endian bytes, under exactly {@code name}. */
    ONNXRef<?> initializer(String name, DataType type, byte[] bytes, long... dims) {
        initializers.add(TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes)).build());
        return reference(name);
    }

    /** Makes {@code value} an extra float output {@code name} of unknown shape (what calibration reads). */
    void probe(String name, ONNXRef<?> value) {
        TypeProto.Tensor unshaped = TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT.getNumber()).build();
        outputs.add(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(unshaped)).build());
        context.assignTo(value, context.floatOutput(name, 1));
    }

    /** Makes {@code value} the graph output {@code name} of the given element type and dims. */
    void output(String name, ONNXRef<?> value, DataType type, long... dims) {
        outputs.add(valueInfo(name, type, dims));
        context.assignTo(value, context.floatOutput(name, 1));
    }

    /** A float32 initializer. */
    ONNXRef<?> floats(String name, float[] values, long... dims) {
        List<Integer> shape = Arrays.stream(dims).mapToObj(Math::toIntExact).toList();
        return context.floatTensor(name, shape, buffer -> buffer.put(values));
    }

    /** An int64 vector constant (shared by every use of the same values). */
    ONNXRef<?> longs(long... values) {
        return longConstants.computeIfAbsent(Arrays.stream(values).boxed().toList(), v -> context.array("longs", values));
    }

    /** A float32 scalar constant. */
    ONNXRef<?> scalar(float value) {
        return floatConstants.computeIfAbsent(value, v -> context.constant("scalar", value));
    }

    /** A uint8 scalar constant (a zero point). */
    ONNXRef<?> uint8(int value) {
        return uint8Constants.computeIfAbsent(value, v -> initializer("uint8_" + v, DataType.UINT8, new byte[] {(byte) (int) v}));
    }

    /** An operator of several outputs, named after {@code outputs}. */
    List<ONNXNode> op(ONNXOperator op, ONNXRef<?> in, List<String> outputs) {
        return context.operation(op, List.of(in), outputs, Map.of());
    }

    ONNXRef<?> op(ONNXOperator op, List<ONNXRef<?>> in, Map<String, Object> attributes) {
        return context.operation(op, in, op.getOpName(), attributes);
    }

    ONNXRef<?> op(ONNXOperator op, ONNXRef<?>... in) {
        return op(op, List.of(in), Map.of());
    }

    ONNXRef<?> matMul(ONNXRef<?> a, ONNXRef<?> b) {
        return op(OnnxOps.MAT_MUL, a, b);
    }

    ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.ADD, a, b);
    }

    ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) {
        return op(ONNXOperators.MUL, a, b);
    }

    ONNXRef<?> reshape(ONNXRef<?> x, long... shape) {
        return op(OnnxOps.RESHAPE, x, longs(shape));
    }

    ONNXRef<?> transpose(ONNXRef<?> x, int... perm) {
        return op(OnnxOps.TRANSPOSE, List.of(x), Map.of("perm", perm));
    }

    ONNXRef<?> unsqueeze(ONNXRef<?> x, long... axes) {
        return op(ONNXOperators.UNSQUEEZE, x, longs(axes));
    }

    /** x indexed along {@code axis} by int64 {@code indices} (their dims replace that axis). */
    ONNXRef<?> gather(ONNXRef<?> x, ONNXRef<?> indices, int axis) {
        return op(ONNXOperators.GATHER, List.of(x, indices), Map.of("axis", axis));
    }

    /** Position {@code index} of {@code axis}, the axis removed. */
    ONNXRef<?> select(ONNXRef<?> x, long index, int axis) {
        return gather(x, indexConstants.computeIfAbsent(index, i -> context.constant("index", index)), axis);
    }

    /** x[start:end] along {@code axis}. */
    ONNXRef<?> slice(ONNXRef<?> x, long start, long end, long axis) {
        return op(OnnxOps.SLICE, x, longs(start), longs(end), longs(axis));
    }

    /** The sum over {@code axis}, which is removed. */
    ONNXRef<?> reduceSum(ONNXRef<?> x, long axis) {
        return op(ONNXOperators.REDUCE_SUM, List.of(x, longs(axis)), Map.of("keepdims", 0));
    }

    /** The mean over {@code axis}, which is removed. */
    ONNXRef<?> reduceMean(ONNXRef<?> x, int axis) {
        return op(ONNXOperators.REDUCE_MEAN, List.of(x), Map.of("axes", new int[] {axis}, "keepdims", 0));
    }

    /** Softmax over the last axis. */
    ONNXRef<?> softmax(ONNXRef<?> x) {
        return op(ONNXOperators.SOFTMAX, List.of(x), Map.of("axis", -1));
    }

    /** The k largest entries of the last axis, sorted, with their indices. */
    TopK topK(ONNXRef<?> x, int k) {
        List<ONNXNode> out = context.operation(OnnxOps.TOP_K, List.of(x, longs(k)), List.of("topk_values", "topk_indices"),
                Map.of("axis", -1, "largest", 1, "sorted", 1));
        return new TopK(out.get(0), out.get(1));
    }

    /** x cut along {@code axis} into three parts of the given sizes. */
    List<ONNXNode> split(ONNXRef<?> x, int axis, long first, long second, long third) {
        return context.operation(OnnxOps.SPLIT_IN_THREE, List.of(x, longs(first, second, third)),
                List.of("split", "split", "split"), Map.of("axis", axis));
    }

    /** {@code values} [.., k] written at {@code indices} [.., k] of the last axis of a zero tensor shaped like {@code like}. */
    ONNXRef<?> scatterLast(ONNXRef<?> like, ONNXRef<?> indices, ONNXRef<?> values) {
        ONNXRef<?> zeros = op(ONNXOperators.CONSTANT_OF_SHAPE, op(OnnxOps.SHAPE, like));
        return op(OnnxOps.SCATTER_ELEMENTS, List.of(zeros, indices, values), Map.of("axis", -1));
    }

    /** Layer normalisation over the last axis. */
    ONNXRef<?> layerNorm(ONNXRef<?> x, ONNXRef<?> scale, ONNXRef<?> bias, double eps) {
        return op(OnnxOps.LAYER_NORMALIZATION, List.of(x, scale, bias), Map.of("axis", -1, "epsilon", (float) eps));
    }

    /** Exact GELU, x·Φ(x) = x·(1 + erf(x/√2))·0.5, in the node pattern ONNX Runtime fuses into one kernel. */
    ONNXRef<?> gelu(ONNXRef<?> x) {
        ONNXRef<?> erf = op(OnnxOps.ERF, op(ONNXOperators.DIV, x, scalar(SQRT_2)));
        return mul(mul(x, add(erf, scalar(1f))), scalar(0.5f));
    }

    /** SiLU, x·sigmoid(x). */
    ONNXRef<?> silu(ONNXRef<?> x) {
        return mul(x, op(ONNXOperators.SIGMOID, x));
    }

    /** A P×P convolution with stride P (no padding): the patch embedding. */
    ONNXRef<?> patchConv(ONNXRef<?> images, ONNXRef<?> kernel, ONNXRef<?> bias, int patch) {
        List<ONNXRef<?>> in = bias == null ? List.of(images, kernel) : List.of(images, kernel, bias);
        return op(OnnxOps.CONV, in, Map.of("kernel_shape", new int[] {patch, patch}, "strides", new int[] {patch, patch}));
    }

    /** Zero padding: {@code pads} holds every axis's leading counts, then every axis's trailing counts. */
    ONNXRef<?> pad(ONNXRef<?> x, long... pads) {
        return op(OnnxOps.PAD, x, longs(pads));
    }

    /** The finished model: opset {@value OnnxOps#OPSET}, IR version 8, with the given metadata. */
    ModelProto model(String name, Map<String, String> metadata) {
        context.setName(name);
        GraphProto graph = context.buildGraph().toBuilder().addAllInitializer(initializers)
                .clearInput().addAllInput(inputs).clearOutput().addAllOutput(outputs).build();
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setProducerName("vmoe4j").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOps.OPSET));
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** A reference to a value by name; model() declares what it is. */
    private ONNXRef<?> reference(String name) {
        return context.floatInput(name, 1);
    }

    private static ValueInfoProto valueInfo(String name, DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d == BATCH_DIM ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
