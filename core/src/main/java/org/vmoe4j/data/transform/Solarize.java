package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/** AutoAugment's Solarize (SPEC §4): values {@code >= threshold} become {@code 255 - value}. */
public final class Solarize {
    private Solarize() {
    }

    /** Inverts every value at or above {@code threshold} (a threshold above 255 changes nothing). */
    public static Image apply(Image img, double threshold) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v >= threshold ? 255 - v : v;
        }
        return Lut.apply(img, table);
    }
}
