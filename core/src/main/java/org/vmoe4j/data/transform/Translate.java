package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's TranslateX / TranslateY (SPEC §4): an integer shift with fill 0. A positive
 * shift moves the content right (x) or down (y). AutoAugment truncates its magnitude toward zero
 * before calling this, as torchvision's {@code int(magnitude)} does.
 */
public final class Translate {
    private Translate() {
    }

    /** Shifts the content {@code dx} pixels to the right (left if negative). */
    public static Image x(Image img, int dx) {
        return Affine.warp(img, new double[] {1, 0, -dx, 0, 1, 0});
    }

    /** Shifts the content {@code dy} pixels down (up if negative). */
    public static Image y(Image img, int dy) {
        return Affine.warp(img, new double[] {1, 0, 0, 0, 1, -dy});
    }
}
