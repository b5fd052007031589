package org.vmoe4j.data;

import java.nio.file.Path;

/**
 * Reads one dataset format from a directory laid out as the dataset's publisher ships it.
 * Readers check the files they need up front and throw {@link org.vmoe4j.UserError} naming the
 * file and the problem; images that are decoded lazily report their errors when read. Sizes a file
 * declares are checked against the file and the {@link org.vmoe4j.io.Limit}s before anything of
 * that size is allocated ({@link org.vmoe4j.io.DeclaredSize}).
 * A reader whose format has no validation split returns an empty {@code val} split.
 */
@FunctionalInterface
public interface DatasetReader {
    Dataset read(Path dir);
}
