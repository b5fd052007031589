package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * Nearest-neighbour affine warp with fill 0, the sampler behind AutoAugment's geometric ops
 * (SPEC §4; torchvision's default interpolation NEAREST and fill 0 on PIL images).
 *
 * <p>The matrix {@code a} maps an output pixel's centre {@code (x + 0.5, y + 0.5)} to input
 * coordinates: {@code xin = a0·x + a1·y + a2}, {@code yin = a3·x + a4·y + a5}; the input pixel
 * is {@code (floor(xin), floor(yin))}, or the fill when outside. As Pillow does, the walk uses
 * 16.16 fixed point (exact enough for any image under 32768 pixels a side) and falls back to
 * doubles otherwise.
 */
public final class Affine {
    private Affine() {
    }

    /** Warps {@code img} by the inverse (output → input) matrix {@code a} of six coefficients. */
    public static Image warp(Image img, double[] a) {
        int w = img.width();
        int h = img.height();
        if (fits(a, 0, 0) && fits(a, w, h) && fits(a, 0, h) && fits(a, w, 0)) {
            return warpFixed(img, a);
        }
        return warpDouble(img, a);
    }

    private static boolean fits(double[] a, int x, int y) {
        return Math.abs(x * a[0] + y * a[1] + a[2]) < 32768.0
                && Math.abs(x * a[3] + y * a[4] + a[5]) < 32768.0;
    }

    private static int fix(double v) {
        double s = v * 65536.0 + 0.5;
        return s < 0.0 ? (int) Math.floor(s) : (int) s;
    }

    private static Image warpFixed(Image img, double[] a) {
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        int a0 = fix(a[0]);
        int a1 = fix(a[1]);
        int a3 = fix(a[3]);
        int a4 = fix(a[4]);
        int a2 = fix(a[2] + a[0] * 0.5 + a[1] * 0.5);
        int a5 = fix(a[5] + a[3] * 0.5 + a[4] * 0.5);
        for (int y = 0; y < h; y++) {
            int xx = a2;
            int yy = a5;
            int o = y * w * c;
            for (int x = 0; x < w; x++, o += c, xx += a0, yy += a3) {
                int xin = xx >> 16;
                int yin = yy >> 16;
                if (xin >= 0 && xin < w && yin >= 0 && yin < h) {
                    int s = (yin * w + xin) * c;
                    for (int ch = 0; ch < c; ch++) {
                        dst[o + ch] = src[s + ch];
                    }
                }
            }
            a2 += a1;
            a5 += a4;
        }
        return new Image(h, w, c, dst);
    }

    private static Image warpDouble(Image img, double[] a) {
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        double xo = a[2] + a[1] * 0.5 + a[0] * 0.5;
        double yo = a[5] + a[4] * 0.5 + a[3] * 0.5;
        for (int y = 0; y < h; y++) {
            double xx = xo;
            double yy = yo;
            int o = y * w * c;
            for (int x = 0; x < w; x++, o += c, xx += a[0], yy += a[3]) {
                int xin = xx < 0.0 ? -1 : (int) xx;
                int yin = yy < 0.0 ? -1 : (int) yy;
                if (xin < w && yin < h && xin >= 0 && yin >= 0) {
                    int s = (yin * w + xin) * c;
                    for (int ch = 0; ch < c; ch++) {
                        dst[o + ch] = src[s + ch];
                    }
                }
            }
            xo += a[1];
            yo += a[4];
        }
        return new Image(h, w, c, dst);
    }
}
