package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/** AutoAugment's Invert (SPEC §4): {@code 255 - value}. */
public final class Invert {
    private Invert() {
    }

    /** The negative image. */
    public static Image apply(Image img) {
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) ~src[i];
        }
        return new Image(img.height(), img.width(), img.channels(), dst);
    }
}
