package org.vmoe4j.spark;

import java.io.Serializable;
import java.util.List;
import org.vmoe4j.data.Image;

/**
 * Where the images of a job come from. Shipped to the executors, which read the images themselves: a dataset
 * directory or the listed files must be readable at the same path on every executor (a shared file system).
 */
interface ImageInput extends Serializable {
    /** The decoded image; a {@code UserError} naming the file when it cannot be read or decoded. */
    Image image(ImageRef ref);

    /** The image's class index, or -1 when the input has no labels. */
    int label(ImageRef ref);

    /** The input's class names (label {@code c} is {@code labelNames().get(c)}), empty without labels. */
    List<String> labelNames();
}
