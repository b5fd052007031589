package org.vmoe4j.data;

/**
 * A labelled list of images: one split of a dataset. Implementations must allow concurrent
 * {@link #image} calls from loader threads; decoding may be lazy (JPEG folders) or from memory.
 */
public interface ImageSource {
    /** Number of images. */
    int size();

    /** The i-th image, decoded (0 &lt;= i &lt; size()). */
    Image image(int i);

    /** The class index of the i-th image, 0 &lt;= label &lt; number of classes. */
    int label(int i);
}
