package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.nn.ForwardContext;

/** A model that maps images to class logits. */
public interface Classifier extends Model {
    /** images [B, C, H, W] normalised → logits [B, classes] and whatever the MoE layers report. */
    ModelOutput forward(NDArray images, ForwardContext context);
}
