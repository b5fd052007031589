package org.vmoe4j.data.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.vmoe4j.data.Image;

/**
 * AutoAugment's Rotate (SPEC §4): rotation by an angle in degrees, counter-clockwise on screen,
 * about the image centre {@code (width/2, height/2)}, same size, nearest neighbour, fill 0 — the
 * semantics of Pillow's {@code Image.rotate} that torchvision uses on PIL images, including its
 * rounding of the matrix to 15 decimals.
 */
public final class Rotate {
    private Rotate() {
    }

    /** Rotates {@code img} by {@code degrees} counter-clockwise. */
    public static Image apply(Image img, double degrees) {
        return Affine.warp(img, matrix(img.height(), img.width(), degrees));
    }

    /** Pillow's inverse (output → input) affine matrix of the rotation, for any sampler. */
    static double[] matrix(int height, int width, double degrees) {
        double angle = degrees % 360.0;
        if (angle < 0) {
            angle += 360.0;
        }
        double t = -Math.toRadians(angle);
        double cos = round15(Math.cos(t));
        double sin = round15(Math.sin(t));
        double cx = width / 2.0;
        double cy = height / 2.0;
        double[] a = {cos, sin, 0, -sin, cos, 0};
        a[2] = a[0] * -cx + a[1] * -cy + cx;
        a[5] = a[3] * -cx + a[4] * -cy + cy;
        return a;
    }

    /** Python's {@code round(v, 15)}: correctly rounded, ties to even. */
    private static double round15(double v) {
        return new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN).doubleValue();
    }
}
