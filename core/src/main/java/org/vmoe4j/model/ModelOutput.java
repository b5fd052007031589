package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.nn.Routing;

/**
 * What a classifier's forward pass gives back.
 *
 * @param logits [B, classes]
 * @param auxLoss the weighted sum of the MoE auxiliary losses (a scalar), or null when the model has none
 * @param imageRouting the per-image routing of a Mobile V-MoE (router logits for the super-class loss,
 *                     the experts each image ran), or null
 */
public record ModelOutput(NDArray logits, NDArray auxLoss, Routing imageRouting) {
}
