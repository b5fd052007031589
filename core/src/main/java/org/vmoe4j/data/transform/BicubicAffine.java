package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * Pillow's {@code Image.transform(size, AFFINE, a, resample=BICUBIC, fillcolor=fill)}, the
 * sampler behind timm's RandAugment geometric ops with DeiT's bicubic interpolation (SPEC §2,
 * Training). Output pixel (x, y) samples input point {@code (a0·(x+0.5) + a1·(y+0.5) + a2,
 * a3·(x+0.5) + a4·(y+0.5) + a5)}; a point outside {@code [0, width) × [0, height)} takes the
 * fill colour. Inside, Pillow's cubic convolution (a = −1) over the 4×4 neighbourhood of pixel
 * centres, edges clamped, evaluated in double precision per channel: first along each row, then
 * down the column; the result is clipped to 0..255 and truncated (not rounded).
 */
public final class BicubicAffine {
    private BicubicAffine() {
    }

    /**
     * Warps {@code img} by the inverse (output → input) matrix {@code a} of six coefficients.
     *
     * @param fill the value of each channel outside the source ({@code img.channels()} values)
     */
    public static Image warp(Image img, double[] a, int[] fill) {
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        if (fill.length != c) {
            throw new IllegalArgumentException("fill needs " + c + " values, got " + fill.length);
        }
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double xin = a[0] * (x + 0.5) + a[1] * (y + 0.5) + a[2];
                double yin = a[3] * (x + 0.5) + a[4] * (y + 0.5) + a[5];
                int o = (y * w + x) * c;
                if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) {
                    for (int ch = 0; ch < c; ch++) {
                        dst[o + ch] = (byte) fill[ch];
                    }
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    dst[o + ch] = (byte) sample(src, w, h, c, ch, xin - 0.5, yin - 0.5);
                }
            }
        }
        return new Image(h, w, c, dst);
    }

    /** One channel at the (centre-shifted) point (xs, ys), clipped and truncated to 0..255. */
    private static int sample(byte[] src, int w, int h, int c, int ch, double xs, double ys) {
        int x = (int) Math.floor(xs);
        int y = (int) Math.floor(ys);
        double dx = xs - x;
        double dy = ys - y;
        double[] rows = new double[4];
        for (int r = 0; r < 4; r++) {
            int row = clamp(y - 1 + r, h) * w;
            rows[r] = cubic(value(src, row, x - 1, w, c, ch), value(src, row, x, w, c, ch),
                    value(src, row, x + 1, w, c, ch), value(src, row, x + 2, w, c, ch), dx);
        }
        double v = cubic(rows[0], rows[1], rows[2], rows[3], dy);
        if (v <= 0.0) {
            return 0;
        }
        return v >= 255.0 ? 255 : (int) v;
    }

    private static double value(byte[] src, int row, int x, int w, int c, int ch) {
        return src[(row + clamp(x, w)) * c + ch] & 0xFF;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : Math.min(i, n - 1);
    }

    /** Pillow's BICUBIC macro: the cubic through v1..v4 (at −1, 0, 1, 2) at offset d from v2. */
    private static double cubic(double v1, double v2, double v3, double v4, double d) {
        double p2 = -v1 + v3;
        double p3 = 2 * (v1 - v2) + v3 - v4;
        double p4 = -v1 + v2 - v3 + v4;
        return v2 + d * (p2 + d * (p3 + d * p4));
    }
}
