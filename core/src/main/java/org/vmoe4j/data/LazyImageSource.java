package org.vmoe4j.data;

import java.nio.file.Path;

/**
 * Image files decoded on demand (JPEG folders, Flowers102): holds only file names and labels,
 * so a million ImageNet files cost tens of megabytes, not the decoded pixels. Each
 * {@link #image} call reads and decodes its file afresh (thread-safe; a decoding error is a
 * {@link org.vmoe4j.UserError} naming the file).
 */
public final class LazyImageSource implements ImageSource {
    private final Path root;
    private final String[] files; // relative to root
    private final int[] labels;

    /**
     * @param root directory the file names are relative to
     * @param files one file name per image, relative to {@code root}; kept, not copied
     * @param labels one label per image; kept, not copied
     */
    public LazyImageSource(Path root, String[] files, int[] labels) {
        if (files.length != labels.length) {
            throw new IllegalArgumentException(files.length + " files but " + labels.length + " labels");
        }
        this.root = root;
        this.files = files;
        this.labels = labels;
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public Image image(int i) {
        return ImageFiles.read(file(i));
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    /** The file of the i-th image. */
    public Path file(int i) {
        return root.resolve(files[i]);
    }
}
