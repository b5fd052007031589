package org.vmoe4j.spark;

import java.util.List;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageSource;

/**
 * One split of a dataset opened from a {@code --data} spec ({@link Datasets#open}); each JVM opens it once
 * ({@link JvmCache}) and reads the images of its partitions by index. The validation split is carved with
 * the same fraction and seed everywhere, so every executor sees the same images under the same indices.
 *
 * @param spec {@code KIND:DIR} or a kind without directory
 * @param split which split to classify
 * @param valFraction fraction of the training split carved into the validation split (0: none)
 * @param seed which training images the validation split takes
 */
record DatasetInput(String spec, Split split, double valFraction, long seed) implements ImageInput {

    /** The opened dataset (shared by the tasks of this JVM). */
    Dataset dataset() {
        return JvmCache.get("dataset " + spec + " " + valFraction + " " + seed, () -> Datasets.open(spec, valFraction, seed));
    }

    /** The images of the split. */
    ImageSource source() {
        return split.of(dataset());
    }

    @Override
    public Image image(ImageRef ref) {
        return source().image(Math.toIntExact(ref.index()));
    }

    @Override
    public int label(ImageRef ref) {
        return source().label(Math.toIntExact(ref.index()));
    }

    @Override
    public List<String> labelNames() {
        return dataset().classNames();
    }
}
