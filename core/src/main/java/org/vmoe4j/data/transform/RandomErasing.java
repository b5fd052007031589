package org.vmoe4j.data.transform;

import java.util.Random;

/**
 * Random erasing as timm's {@code RandomErasing} with DeiT's settings (SPEC §2 Training:
 * probability 0.25, mode 'pixel', one box), applied to the normalised tensor of one image.
 * With probability {@code probability}, up to 10 attempts each draw a target area uniformly in
 * [{@code minArea}, {@code maxArea}] of the image and an aspect ratio h/w log-uniformly in
 * [{@code minAspect}, 1/{@code minAspect}], round {@code h = √(area·aspect)} and
 * {@code w = √(area/aspect)} half-to-even, and accept the first box with {@code h < height}
 * and {@code w < width}, placed uniformly; its values become independent N(0, 1) draws, filled
 * channel by channel, row by row. No box fits in 10 attempts: the image stays as it is.
 *
 * @param probability chance that an image is erased (0 turns erasing off without any draw)
 * @param minArea smallest box area as a fraction of the image
 * @param maxArea largest box area as a fraction of the image
 * @param minAspect smallest aspect ratio h/w (the largest is its inverse)
 */
public record RandomErasing(double probability, double minArea, double maxArea,
                            double minAspect) {

    /** A box in pixels. */
    public record Box(int top, int left, int height, int width) {
    }

    public RandomErasing {
        if (!(probability >= 0 && probability <= 1 && minArea > 0 && minArea <= maxArea
                && maxArea <= 1 && minAspect > 0 && minAspect <= 1)) {
            throw new IllegalArgumentException("random erasing needs p in [0, 1], 0 < minArea <= "
                    + "maxArea <= 1 and 0 < minAspect <= 1, got " + probability + ", [" + minArea
                    + ", " + maxArea + "], " + minAspect);
        }
    }

    /** timm's defaults with the given probability: area [0.02, 1/3], aspect [0.3, 1/0.3]. */
    public static RandomErasing of(double probability) {
        return new RandomErasing(probability, 0.02, 1.0 / 3.0, 0.3);
    }

    /** Draws the box for a {@code height × width} image, or null when nothing is erased. */
    public Box sample(int height, int width, Random random) {
        if (probability == 0 || random.nextDouble() > probability) {
            return null;
        }
        double area = (double) height * width;
        double logMin = Math.log(minAspect);
        double logMax = Math.log(1 / minAspect);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = (minArea + (maxArea - minArea) * random.nextDouble()) * area;
            double aspect = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int h = (int) Math.rint(Math.sqrt(target * aspect));
            int w = (int) Math.rint(Math.sqrt(target / aspect));
            if (w < width && h < height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        return null;
    }

    /**
     * Erases (maybe) one image of {@code channels × height × width} floats at {@code out[offset]}.
     */
    public void apply(float[] out, int offset, int channels, int height, int width,
                      Random random) {
        Box b = sample(height, width, random);
        if (b == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int y = b.top(); y < b.top() + b.height(); y++) {
                int row = offset + (c * height + y) * width;
                for (int x = b.left(); x < b.left() + b.width(); x++) {
                    out[row + x] = (float) random.nextGaussian();
                }
            }
        }
    }
}
