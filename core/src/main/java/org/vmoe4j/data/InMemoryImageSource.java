package org.vmoe4j.data;

import java.util.Arrays;

/**
 * Images of one shape held in memory back to back (CIFAR, SVHN, MNIST): one byte array of
 * {@code size * height * width * channels} bytes in HWC order per image. Immutable, so safe for
 * concurrent readers; {@link #image} returns a copy.
 */
public final class InMemoryImageSource implements ImageSource {
    private final int height;
    private final int width;
    private final int channels;
    private final int imageBytes;
    private final byte[] pixels; // [size, height, width, channels]
    private final int[] labels;  // [size]

    /**
     * @param pixels all images, HWC each, back to back; kept, not copied
     * @param labels one label per image; kept, not copied
     */
    public InMemoryImageSource(int height, int width, int channels, byte[] pixels, int[] labels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.imageBytes = Math.multiplyExact(Math.multiplyExact(height, width), channels);
        if ((long) imageBytes * labels.length != pixels.length) {
            throw new IllegalArgumentException(labels.length + " images of " + height + "x" + width + "x"
                    + channels + " need " + (long) imageBytes * labels.length + " bytes, got " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Image image(int i) {
        int from = Math.multiplyExact(i, imageBytes);
        return new Image(height, width, channels, Arrays.copyOfRange(pixels, from, from + imageBytes));
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }
}
