package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;

/**
 * An exported model: the ONNX model, and the per-image experts' tensors when they were left out of it
 * ({@link ExportOptions#separateExperts()}), which {@link ModelExport#write} stores in a side file.
 *
 * @param experts empty when every weight is in the graph
 */
public record ExportedModel(ModelProto proto, List<ExpertTensor> experts) {
    public ExportedModel {
        experts = List.copyOf(experts);
    }

    public boolean separateExperts() {
        return !experts.isEmpty();
    }
}
