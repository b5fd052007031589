package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * ITU-R 601-2 luma {@code L = R·299/1000 + G·587/1000 + B·114/1000}, computed as Pillow's
 * {@code convert("L")} does (16-bit fixed point, rounded). Used by Color and Contrast (SPEC §4)
 * and to feed an RGB image to a one-channel model; {@link #toRgb} goes the other way.
 */
public final class Grayscale {
    private Grayscale() {
    }

    /** The luma of one RGB pixel, 0..255. */
    public static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /** A one-channel image: the luma of an RGB image, or the image itself if already gray. */
    public static Image apply(Image img) {
        if (img.channels() == 1) {
            return img;
        }
        byte[] src = img.pixels();
        byte[] dst = new byte[img.height() * img.width()];
        for (int i = 0, s = 0; i < dst.length; i++, s += 3) {
            dst[i] = (byte) luma(src[s] & 0xFF, src[s + 1] & 0xFF, src[s + 2] & 0xFF);
        }
        return new Image(img.height(), img.width(), 1, dst);
    }

    /** An RGB image with the gray value in every channel (Pillow's {@code convert("RGB")}). */
    public static Image toRgb(Image img) {
        if (img.channels() == 3) {
            return img;
        }
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length * 3];
        for (int i = 0; i < src.length; i++) {
            dst[3 * i] = src[i];
            dst[3 * i + 1] = src[i];
            dst[3 * i + 2] = src[i];
        }
        return new Image(img.height(), img.width(), 3, dst);
    }
}
