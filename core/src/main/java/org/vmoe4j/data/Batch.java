package org.vmoe4j.data;

import java.util.Arrays;

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
 * @param labels {@code size} class indices (of the unmixed images when the batch is mixed)
 * @param targets soft targets {@code [size × classes]} row after row when the batch was mixed
 *     ({@link BatchMixing}), the ones the loss must use then; null for a plain batch. Without
 *     label smoothing: the data side leaves that to the loss.
 */
public record Batch(int size, int channels, int height, int width, float[] pixels, int[] labels,
                    float[] targets) {
    /** The pixels' shape [size, channels, height, width]. */
    public long[] shape() {
        return new long[] {size, channels, height, width};
    }

    /** The labels as int64 values. */
    public long[] longLabels() {
        return Arrays.stream(labels).asLongStream().toArray();
    }

    public Batch {
        if (pixels.length != size * channels * height * width || labels.length != size) {
            throw new IllegalArgumentException("batch of " + size + " images of " + channels + "x"
                    + height + "x" + width + " needs " + size * channels * height * width
                    + " floats and " + size + " labels, got " + pixels.length + " and "
                    + labels.length);
        }
        if (targets != null && (size == 0 || targets.length % size != 0)) {
            throw new IllegalArgumentException("soft targets of a batch of " + size
                    + " images need a multiple of " + size + " values, got " + targets.length);
        }
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of this batch, with their labels and targets. */
    public Batch slice(int from, int to) {
        int pixelsPerImage = channels * height * width;
        int classes = targets == null ? 0 : targets.length / size;
        return new Batch(to - from, channels, height, width,
                Arrays.copyOfRange(pixels, from * pixelsPerImage, to * pixelsPerImage),
                Arrays.copyOfRange(labels, from, to),
                targets == null ? null : Arrays.copyOfRange(targets, from * classes, to * classes));
    }

    /** A plain batch: hard labels, no soft targets. */
    public Batch(int size, int channels, int height, int width, float[] pixels, int[] labels) {
        this(size, channels, height, width, pixels, labels, null);
    }
}
