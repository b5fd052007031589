package org.vmoe4j.export;

import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MoeConfig;

/**
 * A router's gates in inference as graph nodes, as {@code nn.VMoeGate} computes them without noise (SPEC §2, MV
 * Eq. 2): g = TOP_k(softmax(W·x)), and, when the MoE renormalises them ({@link MoeConfig#renormalizedGates()},
 * upcycled runs), g / Σ_j g_j so that the k gates of each row sum to 1.
 */
final class TopKGates {
    private TopKGates() {
    }

    /** Router logits [R, E] → gates [R, k] (values) and experts [R, k] (indices), best first. */
    static OnnxGraph.TopK of(OnnxGraph graph, ONNXRef<?> logits, MoeConfig moe) {
        OnnxGraph.TopK top = graph.topK(graph.softmax(logits), moe.k());
        if (!moe.renormalizedGates()) {
            return top;
        }
        ONNXRef<?> sum = graph.op(ONNXOperators.REDUCE_SUM, List.of(top.values(), graph.longs(-1)),
                Map.of("keepdims", 1));                                                          // [R, 1]
        return new OnnxGraph.TopK(graph.op(ONNXOperators.DIV, top.values(), sum), top.indices());
    }
}
