package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.model.ModelOutput;

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
     * A classifier's training loss: L_C, plus the MoE auxiliary losses the model reports (already weighted),
     * plus λ·L_g, the router's cross-entropy against super-class labels when they are given (SPEC §2).
     *
     * @param superLabels [B] int64 super-class of each image, or null
     */
    public static NDArray classifier(ModelOutput output, NDArray labels, NDArray superLabels, double lambda) {
        NDArray loss = crossEntropy(output.logits(), labels);
        if (output.auxLoss() != null) {
            loss = loss.add(output.auxLoss());
        }
        if (superLabels != null && output.imageRouting() != null) {
            loss = loss.add(crossEntropy(output.imageRouting().logits(), superLabels).mul((float) lambda));
        }
        return loss;
    }
}
