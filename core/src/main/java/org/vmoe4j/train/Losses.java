package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.tensor.Ops;

/** The classification losses of the papers. */
public final class Losses {
    private Losses() {
    }

    /** Mean cross-entropy of logits [B, C] against int64 labels [B] (L_C, and MV's router loss L_g). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        return logProbs.gather(labels.reshape(-1, 1), 1).mean().neg();
    }

    /**
     * Mean cross-entropy of logits [B, C] against soft targets [B, C] (rows summing to 1): −Σ_c t_c·log p_c, as timm's
     * {@code SoftTargetCrossEntropy} for mixed and smoothed targets (SPEC §2 Training).
     */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).mul(targets).sum(new int[] {1}).mean().neg();
    }

    /**
     * A classifier's training loss and its terms: L_C, the MoE auxiliary losses the model reports (already
     * weighted), and λ·L_g, the router's cross-entropy against super-class labels when they are given (SPEC §2).
     *
     * @param total the sum of the terms
     * @param task L_C
     * @param aux the MoE auxiliary losses, or null
     * @param router L_g before its weight λ, or null
     */
    public record Terms(NDArray total, NDArray task, NDArray aux, NDArray router) {
    }

    /** The terms with L_C the cross-entropy against hard labels [B]; see {@link #withTask}. */
    public static Terms classifier(ModelOutput output, NDArray labels, NDArray superLabels, double lambda) {
        return withTask(output, crossEntropy(output.logits(), labels), superLabels, lambda);
    }

    /**
     * @param task L_C, already computed (against hard labels or soft targets)
     * @param superLabels [B] int64 super-class of each image, or null
     */
    public static Terms withTask(ModelOutput output, NDArray task, NDArray superLabels, double lambda) {
        NDArray total = output.auxLoss() == null ? task : task.add(output.auxLoss());
        NDArray router = null;
        if (superLabels != null && output.imageRouting() != null && lambda > 0) {
            router = crossEntropy(output.imageRouting().logits(), superLabels);
            total = total.add(Ops.mul(router, lambda));
        }
        return new Terms(total, task, output.auxLoss(), router);
    }
}
