package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * timm's SolarizeAdd (a RandAugment op, SPEC §2 Training): values below a threshold get
 * {@code add} added (capped at 255); values at or above it are kept.
 */
public final class SolarizeAdd {
    private SolarizeAdd() {
    }

    /** Adds {@code add} to every value below {@code threshold}, capped at 255. */
    public static Image apply(Image img, int add, int threshold) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v < threshold ? Math.min(255, v + add) : v;
        }
        return Lut.apply(img, table);
    }
}
