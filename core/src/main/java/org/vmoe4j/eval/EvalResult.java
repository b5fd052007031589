package org.vmoe4j.eval;

import java.util.List;
import org.vmoe4j.nn.Cost;

/**
 * What an evaluation measured on one split.
 *
 * @param images images evaluated
 * @param top1 fraction whose best class is right
 * @param top5 fraction whose right class is among the five best
 * @param routerAccuracy fraction of images routed to their super-class's expert (E-way), or NaN without super-classes
 * @param expertLoad per MoE routing (the per-image router, or each per-token MoE layer): the fraction of routed
 *                   rows (images or tokens) sent to each expert
 * @param distinctExperts per MoE routing, the mean number of distinct experts an image's rows reach (k for
 *                        per-image routing; up to E when its tokens choose for themselves)
 * @param expertParams per MoE routing, the mean number of expert parameters an image's rows reach (distinct
 *                     experts times one expert's parameters under that routing)
 * @param confusion [true class][predicted class] counts
 * @param imagesPerSecond evaluation throughput
 * @param cost the evaluated model's parameters, parameters active per image and FLOPs per image
 */
public record EvalResult(int images, double top1, double top5, double routerAccuracy, List<double[]> expertLoad,
                         List<Double> distinctExperts, List<Double> expertParams,
                         long[][] confusion, double imagesPerSecond, Cost cost) {
}
