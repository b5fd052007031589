package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * AutoAugment's Color (SPEC §4; Pillow's {@code ImageEnhance.Color}, torchvision's
 * {@code adjust_saturation}): blend with the image's own grayscale ({@link Grayscale} luma
 * replicated to every channel), {@code factor = 1 + magnitude}. A no-op on one-channel images.
 */
public final class Color {
    private Color() {
    }

    /** Saturation scaled by {@code factor} (0 = gray, 1 = unchanged). */
    public static Image apply(Image img, float factor) {
        if (img.channels() == 1) {
            return img;
        }
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i += 3) {
            int r = src[i] & 0xFF;
            int g = src[i + 1] & 0xFF;
            int b = src[i + 2] & 0xFF;
            int l = Grayscale.luma(r, g, b);
            dst[i] = (byte) Blend.blend(l, r, factor);
            dst[i + 1] = (byte) Blend.blend(l, g, factor);
            dst[i + 2] = (byte) Blend.blend(l, b, factor);
        }
        return new Image(img.height(), img.width(), 3, dst);
    }
}
