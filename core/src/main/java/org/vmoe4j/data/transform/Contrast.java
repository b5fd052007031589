package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's Contrast (SPEC §4; Pillow's {@code ImageEnhance.Contrast}): blend with a flat
 * image whose value is the mean of the grayscale image rounded to an integer
 * ({@code int(mean + 0.5)}), {@code factor = 1 + magnitude}.
 */
public final class Contrast {
    private Contrast() {
    }

    /** Contrast scaled by {@code factor} around the gray mean. */
    public static Image apply(Image img, float factor) {
        int mean = grayMean(img);
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) Blend.blend(mean, src[i] & 0xFF, factor);
        }
        return new Image(img.height(), img.width(), img.channels(), dst);
    }

    /** The mean luma, rounded half up to an integer as Pillow's enhancer does. */
    static int grayMean(Image img) {
        byte[] p = img.pixels();
        long sum = 0;
        if (img.channels() == 1) {
            for (byte b : p) {
                sum += b & 0xFF;
            }
        } else {
            for (int i = 0; i < p.length; i += 3) {
                sum += Grayscale.luma(p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF);
            }
        }
        return (int) ((double) sum / ((long) img.height() * img.width()) + 0.5);
    }
}
