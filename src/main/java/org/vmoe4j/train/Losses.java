package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;

/** The classification losses of the papers. */
public final class Losses {
    private Losses() {
    }

    /** Mean cross-entropy of logits [B, C] against int64 labels [B] (L_C, and MV's router loss L_g). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        return logProbs.gather(labels.reshape(-1, 1), 1).mean().neg();
    }
}
