package org.vmoe4j.data;

import java.util.Optional;

/** Small helpers over {@link ImageSource}: the empty split, index subsets, known shapes. */
public final class ImageSources {
    private ImageSources() {
    }

    /** The shape every image of a source has. */
    public record Shape(int height, int width, int channels) {
        @Override
        public String toString() {
            return height + "x" + width + "x" + channels;
        }
    }

    private static final ImageSource EMPTY = new ImageSource() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public Image image(int i) {
            throw new IndexOutOfBoundsException("empty split has no image " + i);
        }

        @Override
        public int label(int i) {
            throw new IndexOutOfBoundsException("empty split has no label " + i);
        }
    };

    /** A split without images. */
    public static ImageSource empty() {
        return EMPTY;
    }

    /** The images {@code indices[0], indices[1], ...} of {@code parent}, in that order (a view). */
    public static ImageSource subset(ImageSource parent, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= parent.size()) {
                throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (parent.size() - 1));
            }
        }
        return new Subset(parent, indices.clone());
    }

    /**
     * The shape all images of {@code source} share, when known without decoding (in-memory
     * sources and subsets of them); empty for files decoded lazily, whose sizes may vary.
     */
    public static Optional<Shape> fixedShape(ImageSource source) {
        if (source instanceof InMemoryImageSource m) {
            return Optional.of(new Shape(m.height(), m.width(), m.channels()));
        }
        if (source instanceof Subset s) {
            return fixedShape(s.parent);
        }
        return Optional.empty();
    }

    /** Number of images of each class, for {@code numClasses} classes. */
    public static int[] classCounts(ImageSource source, int numClasses) {
        int[] counts = new int[numClasses];
        for (int i = 0; i < source.size(); i++) {
            counts[source.label(i)]++;
        }
        return counts;
    }

    private record Subset(ImageSource parent, int[] indices) implements ImageSource {
        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public Image image(int i) {
            return parent.image(indices[i]);
        }

        @Override
        public int label(int i) {
            return parent.label(indices[i]);
        }
    }
}
