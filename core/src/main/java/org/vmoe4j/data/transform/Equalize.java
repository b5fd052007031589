package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's Equalize (SPEC §4; Pillow's {@code ImageOps.equalize}): per channel, with
 * {@code step = (pixels − count of the highest occupied value) / 255} (integer division), value v
 * maps to {@code (step/2 + #pixels below v) / step}, clamped to 255. A channel with one occupied
 * value or {@code step == 0} (fewer than about 256 pixels) is unchanged.
 */
public final class Equalize {
    private Equalize() {
    }

    /** Equalises each channel's histogram. */
    public static Image apply(Image img) {
        return Lut.fromHistograms(img, Equalize::table);
    }

    private static int[] table(int[] h) {
        int[] t = new int[256];
        long total = 0;
        int last = 0;
        int occupied = 0;
        for (int v = 0; v < 256; v++) {
            if (h[v] != 0) {
                total += h[v];
                last = h[v];
                occupied++;
            }
        }
        long step = occupied <= 1 ? 0 : (total - last) / 255;
        if (step == 0) {
            for (int v = 0; v < 256; v++) {
                t[v] = v;
            }
            return t;
        }
        long n = step / 2;
        for (int v = 0; v < 256; v++) {
            t[v] = (int) Math.min(n / step, 255);
            n += h[v];
        }
        return t;
    }
}
