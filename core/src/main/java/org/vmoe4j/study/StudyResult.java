package org.vmoe4j.study;

import java.util.Locale;

/**
 * One row of {@code results.csv}: a trained arm's cost and test accuracy.
 *
 * @param model the arm's name (its run directory)
 * @param setting what the arm varies (its chart group)
 * @param series the arm's line or bar (dense ViT, Mobile V-MoE, ...)
 * @param params all parameters
 * @param activeParams parameters one image uses by construction (k of E experts in every MoE layer)
 * @param activatedParams parameters one image actually reached on the test split, mean over images: with per-token
 *                        routing an image's tokens reach up to E experts (MV Fig. 3e: up to 11.05M vs 6.31M)
 * @param flops FLOPs per image (matrix products)
 * @param top1 test top-1 accuracy
 * @param routerAccuracy test router accuracy against the super-classes, NaN without them
 * @param trainSeconds wall time of training, summed over the runs of this model (resumed runs add up)
 */
public record StudyResult(String model, String setting, String series, long params, long activeParams,
                          double activatedParams, long flops, double top1, double routerAccuracy, double trainSeconds) {
    public static final String CSV_HEADER = "model,setting,series,params,active_params,activated_params,flops,top1,"
            + "router_accuracy,train_seconds";

    /** The row, its text fields quoted when they hold a comma or a quote (RFC 4180). */
    public String csvLine() {
        return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.0f,%d,%.4f,%s,%.0f", field(model), field(setting),
                field(series), params,
                activeParams, activatedParams, flops, top1, Double.isNaN(routerAccuracy) ? ""
                        : String.format(Locale.ROOT, "%.4f", routerAccuracy), trainSeconds);
    }

    private static String field(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
