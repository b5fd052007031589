package org.vmoe4j.data;

/**
 * An 8-bit image in height-width-channel order, as decoded from a dataset file.
 *
 * @param height rows
 * @param width columns
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param pixels {@code height * width * channels} bytes, row-major, channels interleaved (HWC)
 */
public record Image(int height, int width, int channels, byte[] pixels) {
    public Image {
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException("image of " + height + "x" + width + "x" + channels
                    + " needs " + height * width * channels + " bytes, got " + pixels.length);
        }
    }

    /** The value at row y, column x, channel c, as 0..255. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }
}
