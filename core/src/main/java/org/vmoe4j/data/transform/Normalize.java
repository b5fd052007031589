package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * ToTensor + Normalize (SPEC §1 and §4: pixels to [0, 1], then mean 0.5, std 0.5 per channel):
 * {@code (v / 255 − mean[c]) / std[c]} in single precision, written channel-major (CHW).
 * A one-channel image fed to a three-channel model is replicated to the three channels; a
 * three-channel image fed to a one-channel model is reduced to its {@link Grayscale} luma.
 * Each channel's 256 possible outputs are tabulated once.
 */
public final class Normalize {
    private final int channels;
    private final float[][] table;

    /**
     * @param channels channels the model expects (1 or 3)
     * @param mean per-channel mean, {@code channels} values
     * @param std per-channel standard deviation, {@code channels} values
     */
    public Normalize(int channels, float[] mean, float[] std) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("normalise " + channels + " channels needs "
                    + channels + " means and stds, got " + mean.length + " and " + std.length);
        }
        this.channels = channels;
        this.table = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = ((float) v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** Channels written per pixel. */
    public int channels() {
        return channels;
    }

    /** The normalised value of byte {@code v} in channel {@code c}. */
    public float value(int c, int v) {
        return table[c][v];
    }

    /** Writes {@code channels × height × width} floats of {@code img} at {@code out[offset]}. */
    public void apply(Image img, float[] out, int offset) {
        Image src = channels == 1 ? Grayscale.apply(img) : img;
        int plane = src.height() * src.width();
        byte[] p = src.pixels();
        if (src.channels() == 1) {
            for (int c = 0; c < channels; c++) {
                float[] t = table[c];
                int o = offset + c * plane;
                for (int i = 0; i < plane; i++) {
                    out[o + i] = t[p[i] & 0xFF];
                }
            }
            return;
        }
        for (int c = 0; c < 3; c++) {
            float[] t = table[c];
            int o = offset + c * plane;
            for (int i = 0, s = c; i < plane; i++, s += 3) {
                out[o + i] = t[p[s] & 0xFF];
            }
        }
    }
}
