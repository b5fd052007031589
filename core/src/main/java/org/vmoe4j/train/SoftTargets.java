package org.vmoe4j.train;

import org.vmoe4j.data.Batch;

/**
 * The targets of a classifier's loss (SPEC §2 Training, DeiT's recipe): a batch's mixed targets (mixup, CutMix) or
 * its one-hot labels, smoothed to (1 − s)·t + s/K. Smoothing after mixing equals timm's mixing of smoothed one-hots,
 * both being affine in the one-hot vectors.
 */
final class SoftTargets {
    private SoftTargets() {
    }

    /** True when the loss needs soft targets: the batch is mixed or the labels are smoothed. */
    static boolean needed(Batch batch, double smoothing) {
        return batch.targets() != null || smoothing > 0;
    }

    /** [size × classes] row after row: the batch's targets (or one-hot labels), smoothed by s. */
    static float[] of(Batch batch, int classes, double smoothing) {
        float[] t = batch.targets() != null ? batch.targets().clone() : oneHot(batch.labels(), classes);
        float keep = (float) (1 - smoothing);
        float spread = (float) (smoothing / classes);
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i] * keep + spread;
        }
        return t;
    }

    private static float[] oneHot(int[] labels, int classes) {
        float[] t = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            t[i * classes + labels[i]] = 1;
        }
        return t;
    }
}
