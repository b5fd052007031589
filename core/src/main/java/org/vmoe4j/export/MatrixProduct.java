package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * x · W for a {@link Matrix} W in the arithmetic of the export's {@link Quantization}, written in the node
 * patterns ONNX Runtime fuses into its integer kernels (checked on its optimised graphs: DynamicQuantizeMatMul
 * and MatMulIntegerToFloat, with a following bias Add folded in):
 * <ul>
 *   <li>float32: MatMul(x, W);</li>
 *   <li>int8, dynamic activations: (x_q, s_x, z_x) = DynamicQuantizeLinear(x), then
 *       Cast(MatMulInteger(x_q, W_q, z_x)) · (s_x · s_W), i.e. Σ (x_q − z_x) · q · s_x · s_W per output column;</li>
 *   <li>int8, static activations (QDQ, fused into MatMulIntegerToFloat): x through QuantizeLinear and
 *       DequantizeLinear with the calibrated scale and zero point, times DequantizeLinear(W_q) per output column
 *       (axis 1) for one matrix, or, for a stack whose scales vary per matrix, times DequantizeLinear(W_q, 1) and
 *       then by the scales [.., 1, out]. One matrix multiplies x viewed as [1, M, in]: on a 2-D x, ONNX Runtime
 *       first fuses MatMul and the bias Add into a Gemm, which its QDQ rules leave in float32.</li>
 * </ul>
 * With {@code probes}, x is also written as the float output named after W, whose range calibration measures.
 */
final class MatrixProduct {
    private final OnnxGraph graph;
    private final ExportOptions options;

    MatrixProduct(OnnxGraph graph, ExportOptions options) {
        this.graph = graph;
        this.options = options;
    }

    /** x [M, in] · W [in, out] → [M, out], or x [.., M, in] · a stack W [.., in, out] → [.., M, out] (broadcasting). */
    ONNXRef<?> of(ONNXRef<?> x, Matrix w) {
        if (options.probes()) {
            graph.probe(Calibration.PROBE + w.name(), x);
        }
        if (w.scales() == null) {
            return graph.matMul(x, w.values());
        }
        return options.quantization() == Quantization.INT8 ? dynamic(x, w) : staticQdq(x, w);
    }

    private ONNXRef<?> dynamic(ONNXRef<?> x, Matrix w) {
        List<ONNXNode> q = graph.op(OnnxOps.DYNAMIC_QUANTIZE_LINEAR, x, List.of("x_q", "x_scale", "x_zero")); // uint8 x, scale, zero
        ONNXRef<?> integers = graph.op(OnnxOps.MAT_MUL_INTEGER, q.get(0), w.values(), q.get(2));  // int32 [.., M, out]
        ONNXRef<?> floats = graph.op(ONNXOperators.CAST, List.of(integers), Map.of("to", DataType.FLOAT.getNumber()));
        return graph.mul(floats, graph.mul(q.get(1), w.scales()));
    }

    private ONNXRef<?> staticQdq(ONNXRef<?> x, Matrix w) {
        if (!w.stacked()) {                 // x [M, in]: as [1, M, in], lest ONNX Runtime fuse MatMul and bias into a float Gemm
            ONNXRef<?> wd = graph.op(OnnxOps.DEQUANTIZE_LINEAR, List.of(w.values(), w.scales()), Map.of("axis", 1));
            ONNXRef<?> y = graph.matMul(quantisedDequantised(graph.reshape(x, 1, -1, w.in()), w), wd);  // [1, M, out]
            return graph.reshape(y, -1, w.out());
        }
        ONNXRef<?> wd = graph.op(OnnxOps.DEQUANTIZE_LINEAR, w.values(), graph.scalar(1f));
        return graph.mul(graph.matMul(quantisedDequantised(x, w), wd), w.scales());
    }

    /** x through QuantizeLinear and DequantizeLinear with the calibrated range of W's input. */
    private ONNXRef<?> quantisedDequantised(ONNXRef<?> x, Matrix w) {
        ActivationRanges.Uint8 quantised = options.ranges().uint8(w.name());
        ONNXRef<?> scale = graph.scalar(quantised.scale());
        ONNXRef<?> zero = graph.uint8(quantised.zeroPoint());
        return graph.op(OnnxOps.DEQUANTIZE_LINEAR, graph.op(OnnxOps.QUANTIZE_LINEAR, x, scale, zero), scale, zero);
    }
}
