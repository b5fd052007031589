package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/** AutoAugment's Posterize (SPEC §4): keep the top {@code bits} bits of every value (1..8). */
public final class Posterize {
    private Posterize() {
    }

    /** Clears the low {@code 8 - bits} bits. */
    public static Image apply(Image img, int bits) {
        if (bits < 0 || bits > 8) {
            throw new IllegalArgumentException("posterize keeps 0..8 bits, got " + bits);
        }
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) (src[i] & mask);
        }
        return new Image(img.height(), img.width(), img.channels(), dst);
    }
}
