package org.vmoe4j.data;

/**
 * A batch of pre-processed images and their labels, as plain arrays (the data package does not
 * speak DJL).
 *
 * @param size images in the batch (the last batch of an epoch may be smaller)
 * @param channels channels per image
 * @param height rows per image
 * @param width columns per image
 * @param pixels {@code size × channels × height × width} floats, image after image, each in
 *     channel-height-width order
 * @param labels {@code size} class indices
 */
public record Batch(int size, int channels, int height, int width, float[] pixels, int[] labels) {
    /** The pixels' shape [size, channels, height, width]. */
    public long[] shape() {
        return new long[] {size, channels, height, width};
    }

    /** The labels as int64 values. */
    public long[] longLabels() {
        return java.util.Arrays.stream(labels).asLongStream().toArray();
    }

    public Batch {
        if (pixels.length != size * channels * height * width || labels.length != size) {
            throw new IllegalArgumentException("batch of " + size + " images of " + channels + "x"
                    + height + "x" + width + " needs " + size * channels * height * width
                    + " floats and " + size + " labels, got " + pixels.length + " and "
                    + labels.length);
        }
    }
}
