package org.vmoe4j.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One image to classify, as the job's output names it.
 *
 * @param index the image's index in its dataset split, or its line number (from 0) in a list of paths
 * @param path the image file as listed, or null for an image of a dataset
 */
record ImageRef(long index, String path) implements Serializable {

    /**
     * Line {@code number} of a list of image paths, or null for a blank line; a relative path is resolved
     * against {@code base}, the list's directory (null: kept as written).
     */
    static ImageRef fromLine(long number, String line, String base) {
        String path = line.strip();
        if (path.isEmpty()) {
            return null;
        }
        return new ImageRef(number, base == null || Path.of(path).isAbsolute() ? path : Path.of(base).resolve(path).toString());
    }
}
