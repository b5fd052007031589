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
        int[] cols = new int[4];
        int[] rows = new int[4];
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
                double xs = xin - 0.5;
                double ys = yin - 0.5;
                int x0 = (int) Math.floor(xs);
                int y0 = (int) Math.floor(ys);
                for (int k = 0; k < 4; k++) {
                    cols[k] = clamp(x0 - 1 + k, w) * c;
                    rows[k] = clamp(y0 - 1 + k, h) * w * c;
                }
                for (int ch = 0; ch < c; ch++) {
                    dst[o + ch] = (byte) sample(src, rows, cols, ch, xs - x0, ys - y0);
                }
            }
        }
        return new Image(h, w, c, dst);
    }

    /** One channel from the 4×4 neighbourhood, clipped to 0..255 and truncated. */
    private static int sample(byte[] src, int[] rows, int[] cols, int ch, double dx, double dy) {
        double out = cubic(row(src, rows[0] + ch, cols, dx), row(src, rows[1] + ch, cols, dx),
                row(src, rows[2] + ch, cols, dx), row(src, rows[3] + ch, cols, dx), dy);
        if (out <= 0.0) {
            return 0;
        }
        return out >= 255.0 ? 255 : (int) out;
    }

    /** The cubic along one row starting at {@code row} (channel offset included). */
    private static double row(byte[] src, int row, int[] cols, double dx) {
        return cubic(src[row + cols[0]] & 0xFF, src[row + cols[1]] & 0xFF,
                src[row + cols[2]] & 0xFF, src[row + cols[3]] & 0xFF, dx);
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
