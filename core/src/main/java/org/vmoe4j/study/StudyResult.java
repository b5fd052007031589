package org.vmoe4j.study;

import java.util.Locale;

/**
 * One row of {@code results.csv}: a trained model's cost and test accuracy.
 *
 * @param model the preset
 * @param family "dense ViT" or "Mobile V-MoE", the chart's series
 * @param params all parameters
 * @param activeParams parameters one image uses (k of E experts for a Mobile V-MoE)
 * @param flops FLOPs per image (matrix products)
 * @param top1 test top-1 accuracy
 * @param routerAccuracy test router accuracy against the super-classes, NaN for dense models
 * @param trainSeconds wall time of training, summed over the runs of this model (resumed runs add up)
 */
public record StudyResult(String model, String family, long params, long activeParams, long flops, double top1,
                          double routerAccuracy, double trainSeconds) {
    public static final String CSV_HEADER = "model,family,params,active_params,flops,top1,router_accuracy,train_seconds";

    public String csvLine() {
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.4f,%s,%.0f", model, family, params, activeParams, flops, top1,
                Double.isNaN(routerAccuracy) ? "" : String.format(Locale.ROOT, "%.4f", routerAccuracy), trainSeconds);
    }
}
