package org.vmoe4j.run;

/**
 * One line of {@code metrics.jsonl}: what an epoch of training measured. Absent values are null.
 *
 * @param loss mean total training loss
 * @param taskLoss mean L_C
 * @param auxLoss mean MoE auxiliary loss (weighted), or null
 * @param routerLoss mean L_g (before λ), or null
 * @param trainAccuracy top-1 on the augmented training batches, or null (pre-training)
 * @param routerAccuracy fraction of training images routed to their super-class's expert, or null
 * @param valAccuracy top-1 on the validation split, or null
 * @param valRouterAccuracy router accuracy on the validation split, or null
 * @param lr learning rate at the epoch's last step
 */
public record EpochMetrics(int epoch, double loss, double taskLoss, Double auxLoss, Double routerLoss, Double trainAccuracy,
                           Double routerAccuracy, Double valAccuracy, Double valRouterAccuracy, double lr,
                           double imagesPerSecond, double seconds) {
}
