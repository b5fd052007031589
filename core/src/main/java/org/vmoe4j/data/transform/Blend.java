package org.vmoe4j.data.transform;

/**
 * Pillow's {@code Image.blend(degenerate, image, factor)}, the core of the enhance ops
 * (Brightness, Color, Contrast, Sharpness; SPEC §4): {@code d + factor·(s − d)} in single
 * precision, clipped to 0..255 and truncated (not rounded), as Pillow and torchvision do.
 */
final class Blend {
    private Blend() {
    }

    /** One blended value. */
    static int blend(int degenerate, int source, float factor) {
        float t = degenerate + factor * (source - degenerate);
        if (t <= 0f) {
            return 0;
        }
        return t >= 255f ? 255 : (int) t;
    }

    /** Blends whole arrays of the same length; returns a new array. */
    static byte[] blend(byte[] degenerate, byte[] source, float factor) {
        byte[] out = new byte[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) blend(degenerate[i] & 0xFF, source[i] & 0xFF, factor);
        }
        return out;
    }
}
