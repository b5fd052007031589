package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.vmoe4j.nn.ForwardContext;

/** A model that maps images to class logits. */
public interface Classifier extends Model {
    /** images [B, C, H, W] normalised → logits [B, classes] and whatever the MoE layers report. */
    ModelOutput forward(NDArray images, ForwardContext context);

    /**
     * The parameters of one expert under each routing, in the order a forward pass records its routings
     * (a per-image router governs all MoE blocks, so its experts span them); empty for a dense model.
     */
    default List<Long> expertParams() {
        return List.of();
    }
}
