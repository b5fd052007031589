package org.vmoe4j.io;

/**
 * The largest sizes a file may declare, each with the reason it is where it is. Readers check a
 * declared size against these (and against the file's real length) before allocating anything of
 * that size, through {@link DeclaredSize}; README "Limits" restates them.
 */
public enum Limit {
    /**
     * 64 Mi pixels (8192 x 8192). Decoding holds the decoder's raster (1 to 8 bytes a pixel: gray to
     * 16-bit RGBA) and our HWC copy (1 or 3 bytes) at once, so an RGB image at the limit takes 0.4 to
     * 0.7 GB, and the loader decodes one image per worker thread at the same time. Photos of
     * full-frame cameras fit (61 megapixels at most); a 40000 x 40000 gray PNG, 1.6 MB on disk, would
     * need 3.2 GB.
     */
    IMAGE_PIXELS(1L << 26, "pixels per image"),
    /**
     * 16 Mi images per in-memory split. Each image keeps an int label next to its pixels; the largest
     * file of this kind we know, SVHN's extra split (not read here), has 531,131.
     */
    IMAGES(1L << 24, "images per split"),
    /**
     * The pixels of an in-memory split (MNIST, CIFAR, SVHN) and a MAT variable are one Java byte
     * array, which cannot exceed 2^31 - 9 bytes; the largest such split we know, SVHN's 73,257
     * training images, is 225 MB.
     */
    ARRAY_BYTES(Integer.MAX_VALUE - 8, "bytes per array held in memory"),
    /**
     * A safetensors tensor is read into one direct buffer, which cannot exceed 2^31 - 9 bytes; the
     * largest tensor of our largest model (mvmoe-12x384's expert bank, 10x1536x384) is 23.6 MB.
     */
    TENSOR_BYTES(Integer.MAX_VALUE - 8, "bytes per tensor"),
    /**
     * A safetensors header is parsed into a JSON tree of about ten times its size; the weights of our
     * largest model have a header of 14 KB (153 tensors; a checkpoint adds AdamW's two moments), and
     * files of a hundred thousand tensors stay under 16 MiB.
     */
    HEADER_BYTES(16L << 20, "bytes of safetensors header"),
    /** A class-name list is read whole; ImageNet-21k's 21,843 names take 0.5 MB. */
    TEXT_BYTES(16L << 20, "bytes of a class-name file");

    private final long max;
    private final String unit;

    Limit(long max, String unit) {
        this.max = max;
        this.unit = unit;
    }

    /** The largest value allowed. */
    public long max() {
        return max;
    }

    /** What is counted, e.g. "pixels per image". */
    public String unit() {
        return unit;
    }

    @Override
    public String toString() {
        return String.format("%,d %s", max, unit);
    }
}
