package org.vmoe4j.config;

/** The shape of a model: one of the three families. Presets are values of these records ({@link ModelPresets}). */
public sealed interface ModelConfig permits VitConfig, MlitConfig, MaeConfig {
    int imageSize();

    int channels();

    int patchSize();

    /** Number of patch tokens N = (imageSize / patchSize)². */
    default int patches() {
        int side = imageSize() / patchSize();
        return side * side;
    }

    /** The same model with another number of classes in its head. */
    ModelConfig withClasses(int classes);

    /** The same model for another input size, patch size and channel count. */
    ModelConfig withInput(int imageSize, int patchSize, int channels);

    /** Fails with a clear message when the sizes don't fit together. */
    default void validate() {
        if (imageSize() <= 0 || patchSize() <= 0 || imageSize() % patchSize() != 0) {
            throw new IllegalArgumentException("image size " + imageSize() + " must be a positive multiple of the patch size "
                    + patchSize());
        }
        if (channels() != 1 && channels() != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels());
        }
    }
}
