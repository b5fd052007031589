package org.vmoe4j.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An opened dataset: its classes and its three splits. Open one with {@link Datasets#open}.
 *
 * @param name the dataset kind, e.g. {@code cifar100} (or {@code fashion-mnist-sample})
 * @param classNames the name of each class; label {@code c} means {@code classNames.get(c)}
 * @param train training images (without the images carved out for {@code val})
 * @param val validation images: the dataset's own validation split when it has one
 *     (Flowers102, a folder tree with both {@code val/} and {@code test/}), otherwise carved from
 *     the training split by {@link ValidationSplit}; empty when none was asked for
 * @param test test images (for ImageNet-style folders: the published {@code val/} folder)
 * @param superClasses a built-in super-class division (CIFAR-100's coarse labels), if any
 */
public record Dataset(String name, List<String> classNames, ImageSource train, ImageSource val,
                      ImageSource test, Optional<SuperClasses> superClasses) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(superClasses, "superClasses");
        if (superClasses.isPresent() && superClasses.get().numClasses() != classNames.size()) {
            throw new IllegalArgumentException("super-classes divide " + superClasses.get().numClasses()
                    + " classes, the dataset has " + classNames.size());
        }
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The same dataset with other train and val splits (used to carve a validation split). */
    public Dataset withTrainAndVal(ImageSource newTrain, ImageSource newVal) {
        return new Dataset(name, classNames, newTrain, newVal, test, superClasses);
    }
}
