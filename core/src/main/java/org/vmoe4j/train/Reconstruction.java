package org.vmoe4j.train;

import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.data.Image;

/** Turns normalised CHW pixels, a mask and predicted patches back into an 8-bit image for a picture. */
final class Reconstruction {
    private static final int GREY = 128;

    private final MaeConfig config;
    private final float[] mean;
    private final float[] std;

    Reconstruction(MaeConfig config, float[] mean, float[] std) {
        this.config = config;
        this.mean = mean;
        this.std = std;
    }

    /**
     * @param original [C·H·W] normalised pixels
     * @param keep visible patches, or null for the whole original
     * @param predicted [N·C·P·P] predicted patches (flattened as patchify does) shown where patches are hidden,
     *                  or null to grey them out
     */
    Image image(float[] original, long[] keep, float[] predicted) {
        int c = config.channels(), size = config.imageSize(), p = config.patchSize(), side = size / p;
        boolean[] visible = new boolean[config.patches()];
        if (keep == null) {
            java.util.Arrays.fill(visible, true);
        } else {
            for (long k : keep) {
                visible[(int) k] = true;
            }
        }
        byte[] out = new byte[size * size * c];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int patch = (y / p) * side + x / p;
                for (int ch = 0; ch < c; ch++) {
                    int v = GREY;
                    if (visible[patch] || predicted != null) {
                        float value = visible[patch] ? original[(ch * size + y) * size + x]
                                : predicted[patch * c * p * p + (ch * p + y % p) * p + x % p];
                        v = Math.max(0, Math.min(255, Math.round((value * std[ch] + mean[ch]) * 255)));
                    }
                    out[(y * size + x) * c + ch] = (byte) v;
                }
            }
        }
        return new Image(size, size, c, out);
    }
}
