package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/** AutoAugment's Brightness (SPEC §4): blend with black, {@code factor = 1 + magnitude}. */
public final class Brightness {
    private Brightness() {
    }

    /** Scales every value by {@code factor}, clipped and truncated ({@link Blend}). */
    public static Image apply(Image img, float factor) {
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) Blend.blend(0, src[i] & 0xFF, factor);
        }
        return new Image(img.height(), img.width(), img.channels(), dst);
    }
}
