package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's Sharpness (SPEC §4; Pillow's {@code ImageEnhance.Sharpness}): blend with a
 * smoothed copy, {@code factor = 1 + magnitude}. The smoothed copy applies the 3×3 filter
 * {@code [[1,1,1],[1,5,1],[1,1,1]] / 13} (rounded to nearest) to interior pixels only; the border
 * rows and columns keep their values, so the blend leaves them unchanged.
 */
public final class Sharpness {
    private Sharpness() {
    }

    /** Sharpness scaled by {@code factor} (0 = smoothed, 1 = unchanged, 2 = sharpened). */
    public static Image apply(Image img, float factor) {
        byte[] src = img.pixels();
        byte[] smooth = smooth(img);
        return new Image(img.height(), img.width(), img.channels(),
                Blend.blend(smooth, src, factor));
    }

    /** The degenerate image: interior pixels filtered, border pixels copied. */
    static byte[] smooth(Image img) {
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        byte[] src = img.pixels();
        byte[] dst = src.clone();
        int stride = w * c;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int o = y * stride + x * c;
                for (int ch = 0; ch < c; ch++) {
                    int p = o + ch;
                    int sum = 4 * (src[p] & 0xFF)
                            + (src[p - stride - c] & 0xFF) + (src[p - stride] & 0xFF)
                            + (src[p - stride + c] & 0xFF) + (src[p - c] & 0xFF)
                            + (src[p] & 0xFF) + (src[p + c] & 0xFF)
                            + (src[p + stride - c] & 0xFF) + (src[p + stride] & 0xFF)
                            + (src[p + stride + c] & 0xFF);
                    // round(sum / 13): sum/13 is never exactly halfway, so this equals Pillow's
                    // single-precision accumulation rounded with +0.5
                    dst[p] = (byte) ((2 * sum + 13) / 26);
                }
            }
        }
        return dst;
    }
}
