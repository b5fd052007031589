package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * Bilinear resize of an 8-bit image, antialiased when downscaling (SPEC §4: every recipe resizes
 * to the square model input, e.g. 36×36 for mLiT; Fashion-MNIST 28→36 and CIFAR 32→36 upscale).
 *
 * <p>Semantics are Pillow's {@code resize(BILINEAR)} (= torchvision {@code Resize(antialias=True)}
 * on PIL images): a horizontal pass then a vertical pass, each rounded to 8 bits, with the taps of
 * {@link ResizeWeights}. A pass whose size does not change is a plain copy.
 */
public final class Resize {
    private Resize() {
    }

    /** Resizes the whole image to {@code outHeight × outWidth}. */
    public static Image apply(Image src, int outHeight, int outWidth) {
        return crop(src, 0, 0, src.height(), src.width(), outHeight, outWidth);
    }

    /**
     * Crops the box (top, left, height, width) out of {@code src} and resizes it to
     * {@code outHeight × outWidth}; pixels outside the box are never read (crop, then resize).
     */
    public static Image crop(Image src, int top, int left, int height, int width,
                             int outHeight, int outWidth) {
        if (top < 0 || left < 0 || height <= 0 || width <= 0
                || top + height > src.height() || left + width > src.width()) {
            throw new IllegalArgumentException("crop box (" + top + ", " + left + ", " + height
                    + ", " + width + ") outside a " + src.height() + "x" + src.width() + " image");
        }
        int c = src.channels();
        // horizontal pass: [height, outWidth, c] rows of the box
        byte[] rows = new byte[height * outWidth * c];
        horizontal(src.pixels(), src.width() * c, top, left, height, width, outWidth, c, rows);
        // vertical pass: [outHeight, outWidth, c]
        byte[] out;
        if (outHeight == height) {
            out = rows;
        } else {
            out = new byte[outHeight * outWidth * c];
            vertical(rows, height, outWidth * c, outHeight, out);
        }
        return new Image(outHeight, outWidth, c, out);
    }

    private static void horizontal(byte[] src, int srcStride, int top, int left, int height,
                                   int width, int outWidth, int c, byte[] dst) {
        int dstStride = outWidth * c;
        if (outWidth == width) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(src, (top + y) * srcStride + left * c, dst, y * dstStride, dstStride);
            }
            return;
        }
        ResizeWeights w = ResizeWeights.of(width, outWidth);
        int half = 1 << (ResizeWeights.PRECISION_BITS - 1);
        for (int y = 0; y < height; y++) {
            int rowBase = (top + y) * srcStride + left * c;
            int outBase = y * dstStride;
            for (int ox = 0; ox < outWidth; ox++) {
                int base = rowBase + w.first[ox] * c;
                int n = w.count[ox];
                int k0 = ox * w.ksize;
                for (int ch = 0; ch < c; ch++) {
                    int acc = half;
                    for (int t = 0, p = base + ch; t < n; t++, p += c) {
                        acc += (src[p] & 0xFF) * w.taps[k0 + t];
                    }
                    dst[outBase + ox * c + ch] = (byte) ResizeWeights.clip8(acc);
                }
            }
        }
    }

    private static void vertical(byte[] src, int height, int stride, int outHeight, byte[] dst) {
        ResizeWeights w = ResizeWeights.of(height, outHeight);
        int half = 1 << (ResizeWeights.PRECISION_BITS - 1);
        int[] acc = new int[stride];
        for (int oy = 0; oy < outHeight; oy++) {
            java.util.Arrays.fill(acc, half);
            int n = w.count[oy];
            int k0 = oy * w.ksize;
            for (int t = 0; t < n; t++) {
                int tap = w.taps[k0 + t];
                int rowBase = (w.first[oy] + t) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (src[rowBase + i] & 0xFF) * tap;
                }
            }
            int outBase = oy * stride;
            for (int i = 0; i < stride; i++) {
                dst[outBase + i] = (byte) ResizeWeights.clip8(acc[i]);
            }
        }
    }
}
