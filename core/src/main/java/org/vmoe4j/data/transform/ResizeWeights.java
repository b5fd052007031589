package org.vmoe4j.data.transform;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The taps of a one-dimensional bilinear resampling from {@code in} to {@code out} samples, as
 * Pillow computes them for {@code Image.resize(..., BILINEAR)} (the path torchvision's
 * {@code Resize(antialias=True)} takes on PIL images; SPEC §4 recipes resize to the model input).
 *
 * <p>The filter is the triangle {@code 1 - |x|}; when downscaling its support is stretched by the
 * factor {@code in / out} (antialiasing), when upscaling it stays 1 (plain bilinear with the
 * half-pixel-centre convention and edge clamping). Output sample {@code o} is centred on input
 * coordinate {@code (o + 0.5) * in / out}; taps are normalised to sum 1 and then quantised to
 * {@value #PRECISION_BITS}-bit fixed point exactly as Pillow does for 8-bit images.
 *
 * <p>Instances are immutable and cached per (in, out) pair, so a pipeline pays for them once.
 */
final class ResizeWeights {
    /** Fixed-point precision of the taps (Pillow: 32 - 8 - 2). */
    static final int PRECISION_BITS = 22;

    private static final ConcurrentHashMap<Long, ResizeWeights> CACHE = new ConcurrentHashMap<>();

    /** Number of taps reserved per output sample. */
    final int ksize;
    /** First input sample used by output sample o. */
    final int[] first;
    /** Number of input samples used by output sample o. */
    final int[] count;
    /** Fixed-point taps, {@code ksize} per output sample. */
    final int[] taps;

    private ResizeWeights(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // triangle support 1, stretched when downscaling
        ksize = (int) Math.ceil(support) * 2 + 1;
        first = new int[out];
        count = new int[out];
        taps = new int[out * ksize];
        double[] k = new double[ksize];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            double invScale = 1.0 / filterScale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), in) - xmin;
            double total = 0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * invScale);
                k[x] = w;
                total += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = total != 0.0 ? k[x] / total : k[x];
                taps[o * ksize + x] = w < 0
                        ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                        : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[o] = xmin;
            count[o] = xmax;
        }
    }

    /** The (cached) taps for resampling {@code in} samples to {@code out}. */
    static ResizeWeights of(int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("resize from " + in + " to " + out + " samples");
        }
        return CACHE.computeIfAbsent(((long) in << 32) | out, key -> new ResizeWeights(in, out));
    }

    /** Rounds a fixed-point accumulator (already holding the +0.5 bias) to 0..255. */
    static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }
}
