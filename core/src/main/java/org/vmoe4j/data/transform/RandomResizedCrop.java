package org.vmoe4j.data.transform;

import java.util.Random;
import org.vmoe4j.data.Image;

/**
 * Random resized crop (SPEC §4: scale [0.6, 1] for MAE pre-training, [0.8, 1] for fine-tuning;
 * aspect ratio [3/4, 4/3]) with torchvision's sampling: up to 10 attempts, each drawing an area
 * fraction uniformly in [scaleMin, scaleMax] and an aspect ratio log-uniformly in
 * [ratioMin, ratioMax], rounding width and height half-to-even; the first box that fits is
 * placed uniformly. If none fits, the fallback is a centre crop clamped to the ratio range.
 * The box is then resized bilinearly to {@code size × size} with {@link Resize#crop}.
 *
 * @param size output side in pixels
 * @param scaleMin smallest area fraction
 * @param scaleMax largest area fraction
 * @param ratioMin smallest width/height ratio
 * @param ratioMax largest width/height ratio
 */
public record RandomResizedCrop(int size, double scaleMin, double scaleMax,
                                double ratioMin, double ratioMax) {

    /** A crop box in source pixels. */
    public record Box(int top, int left, int height, int width) {
    }

    /** The usual aspect-ratio range [3/4, 4/3]. */
    public static RandomResizedCrop of(int size, double scaleMin, double scaleMax) {
        return new RandomResizedCrop(size, scaleMin, scaleMax, 3.0 / 4.0, 4.0 / 3.0);
    }

    public RandomResizedCrop {
        if (size <= 0 || !(scaleMin > 0) || scaleMin > scaleMax || !(ratioMin > 0)
                || ratioMin > ratioMax) {
            throw new IllegalArgumentException("random resized crop needs size > 0, "
                    + "0 < scaleMin <= scaleMax and 0 < ratioMin <= ratioMax, got " + size + ", ["
                    + scaleMin + ", " + scaleMax + "], [" + ratioMin + ", " + ratioMax + "]");
        }
    }

    /** Draws the crop box for a {@code height × width} image. */
    public Box sample(int height, int width, Random random) {
        double area = (double) height * width;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        return centreFallback(height, width);
    }

    /** torchvision's fallback: the whole image, clamped to the aspect-ratio range, centred. */
    Box centreFallback(int height, int width) {
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    /** Crops a random box of {@code img} and resizes it to {@code size × size}. */
    public Image apply(Image img, Random random) {
        Box b = sample(img.height(), img.width(), random);
        return Resize.crop(img, b.top(), b.left(), b.height(), b.width(), size, size);
    }
}
