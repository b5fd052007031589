package org.vmoe4j.nn;

import java.util.SplittableRandom;

/** How a parameter starts: timm's ViT defaults (normal std 0.02 for weights and tokens, zero biases, unit norms). */
public enum Init {
    ZEROS, ONES, NORMAL;

    static final double STD = 0.02;

    /** Fills {@code values} from {@code random} (only NORMAL draws). */
    void fill(float[] values, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (this) {
                case ZEROS -> 0f;
                case ONES -> 1f;
                case NORMAL -> (float) (truncatedGaussian(random) * STD);
            };
        }
    }

    /** A standard normal sample redrawn until it lies within two standard deviations. */
    private static double truncatedGaussian(SplittableRandom random) {
        while (true) {
            double u = random.nextDouble(), v = random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }
}
