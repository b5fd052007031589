package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's ShearX / ShearY (SPEC §4): a shear by factor m about the top-left corner,
 * nearest neighbour, fill 0. Output pixel (x, y) reads input {@code (x + m·y, y)} for ShearX and
 * {@code (x, y + m·x)} for ShearY (pixel centres, see {@link Affine}). As torchvision does, the
 * factor goes through a shear angle {@code degrees(atan(m))} and back to {@code tan(angle)}.
 */
public final class Shear {
    private Shear() {
    }

    /** Horizontal shear: rows slide by {@code m} pixels per row. */
    public static Image x(Image img, double m) {
        double sx = Math.toRadians(Math.toDegrees(Math.atan(m)));
        return Affine.warp(img, new double[] {1, Math.tan(sx), 0, 0, 1, 0});
    }

    /** Vertical shear: columns slide by {@code m} pixels per column. */
    public static Image y(Image img, double m) {
        double sy = Math.toRadians(Math.toDegrees(Math.atan(m)));
        return Affine.warp(img, new double[] {1, 0, 0, Math.sin(sy) / Math.cos(sy), 1, 0});
    }
}
