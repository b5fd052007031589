package org.vmoe4j.bench;

import java.util.Random;

/** The synthetic input of the benchmarks: seeded N(0, 1) floats, which is what normalised pixels look like. */
public final class RandomImages {
    private RandomImages() {
    }

    /** {@code length} floats N(0, 1) from {@code seed}. */
    public static float[] normal(int length, long seed) {
        Random random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
