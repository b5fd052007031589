package org.vmoe4j.spark;

import java.nio.file.Path;
import java.util.List;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageFiles;

/** Image files named one per line in a text file (JPEG, PNG, ... of any size, {@link ImageFiles}); no labels. */
record PathListInput() implements ImageInput {
    @Override
    public Image image(ImageRef ref) {
        return ImageFiles.read(Path.of(ref.path()));
    }

    @Override
    public int label(ImageRef ref) {
        return -1;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }
}
