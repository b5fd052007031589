package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's AutoContrast (SPEC §4; Pillow's {@code ImageOps.autocontrast} with no cutoff):
 * per channel, stretch [min, max] to [0, 255] with {@code v' = int(v·scale − min·scale)},
 * {@code scale = 255 / (max − min)} in double precision, truncated; a flat channel is unchanged.
 */
public final class AutoContrast {
    private AutoContrast() {
    }

    /** Stretches each channel's range to 0..255. */
    public static Image apply(Image img) {
        return Lut.fromHistograms(img, AutoContrast::table);
    }

    private static int[] table(int[] h) {
        int lo = 0;
        while (lo < 255 && h[lo] == 0) {
            lo++;
        }
        int hi = 255;
        while (hi > 0 && h[hi] == 0) {
            hi--;
        }
        int[] t = new int[256];
        if (hi <= lo) {
            for (int v = 0; v < 256; v++) {
                t[v] = v;
            }
            return t;
        }
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int v = 0; v < 256; v++) {
            int x = (int) (v * scale + offset);
            t[v] = x < 0 ? 0 : Math.min(x, 255);
        }
        return t;
    }
}
