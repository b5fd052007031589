package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators the exporter needs that tribuo's {@code ONNXOperators} enum (opset 13, written for
 * linear models and trees) does not declare, described through tribuo's own {@link ONNXOperator}
 * extension interface so that the library still builds and checks every node (input counts, attribute
 * names and types). Schemas as of opset {@value #OPSET} (LayerNormalization is new in 17); the int8 operators
 * are those ONNX Runtime fuses into its integer kernels (see {@link MatrixProduct}).
 */
enum OnnxOps implements ONNXOperator {
    MAT_MUL("MatMul", 2, 0, 1),
    RESHAPE("Reshape", 2, 0, 1, attribute("allowzero", AttributeType.INT)),
    TRANSPOSE("Transpose", 1, 0, 1, attribute("perm", AttributeType.INTS)),
    TOP_K("TopK", 2, 0, 2, attribute("axis", AttributeType.INT), attribute("largest", AttributeType.INT),
            attribute("sorted", AttributeType.INT)),
    LAYER_NORMALIZATION("LayerNormalization", 2, 1, 1, attribute("axis", AttributeType.INT),
            attribute("epsilon", AttributeType.FLOAT), attribute("stash_type", AttributeType.INT)),
    ERF("Erf", 1, 0, 1),
    CONV("Conv", 2, 1, 1, attribute("kernel_shape", AttributeType.INTS), attribute("strides", AttributeType.INTS),
            attribute("pads", AttributeType.INTS), attribute("dilations", AttributeType.INTS),
            attribute("group", AttributeType.INT)),
    PAD("Pad", 2, 2, 1, attribute("mode", AttributeType.STRING)),
    SLICE("Slice", 3, 2, 1),
    SCATTER_ELEMENTS("ScatterElements", 3, 0, 1, attribute("axis", AttributeType.INT),
            attribute("reduction", AttributeType.STRING)),
    /** Split into three parts along {@code axis}, of the sizes given as the second input. */
    SPLIT_IN_THREE("Split", 2, 0, 3, attribute("axis", AttributeType.INT)),
    SHAPE("Shape", 1, 0, 1, attribute("start", AttributeType.INT), attribute("end", AttributeType.INT)),
    /** x → uint8 x_q, its scale and zero point, from x's own range (int8 with dynamic activations). */
    DYNAMIC_QUANTIZE_LINEAR("DynamicQuantizeLinear", 1, 0, 3),
    /** uint8 a · int8 b with a's zero point → int32. */
    MAT_MUL_INTEGER("MatMulInteger", 2, 2, 1),
    QUANTIZE_LINEAR("QuantizeLinear", 2, 1, 1, attribute("axis", AttributeType.INT)),
    DEQUANTIZE_LINEAR("DequantizeLinear", 2, 1, 1, attribute("axis", AttributeType.INT));

    /** The opset the exported models import. */
    static final int OPSET = 17;

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final int outputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOps(String opName, int inputs, int optionalInputs, int outputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        this.outputs = outputs;
        this.attributes = Arrays.stream(attributes).collect(Collectors.toMap(ONNXAttribute::getName, Function.identity()));
    }

    private static ONNXAttribute attribute(String name, AttributeType type) {
        return new ONNXAttribute(name, type, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return outputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    /** The default ONNX domain (null leaves the node's domain unset). */
    @Override
    public String getOpDomain() {
        return null;
    }
}
