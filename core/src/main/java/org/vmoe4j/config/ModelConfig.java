package org.vmoe4j.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The shape of a model: one of the three families. Presets are values of these records ({@link ModelPresets}).
 * A run's {@code config.json} stores the resolved record, tagged with its {@code family}, and models are rebuilt
 * from that alone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "family")
@JsonSubTypes({@JsonSubTypes.Type(value = VitConfig.class, name = "vit"),
    @JsonSubTypes.Type(value = MlitConfig.class, name = "mlit"),
    @JsonSubTypes.Type(value = MaeConfig.class, name = "mmlit")})
public sealed interface ModelConfig permits VitConfig, MlitConfig, MaeConfig {
    int imageSize();

    int channels();

    int patchSize();

    /** The model width: D of a ViT, m of an mLiT, the encoder's m of an auto-encoder. */
    int dim();

    /** Classes of the head (of the classifier an auto-encoder's encoder pre-trains). */
    int classes();

    /** The largest model input side accepted: N = (4096 / P)² patches is already 16,384 at P = 32. */
    int MAX_IMAGE_SIZE = 4096;

    /** Number of patch tokens N = (imageSize / patchSize)². */
    default int patches() {
        int side = imageSize() / patchSize();
        return side * side;
    }

    /** The same model with another number of classes in its head. */
    ModelConfig withClasses(int classes);

    /** The same model for another input size, patch size and channel count. */
    ModelConfig withInput(int imageSize, int patchSize, int channels);

    /** Fails with a clear message when the sizes don't fit together (0 classes: an encoder without a head, SPEC §4). */
    default void validate() {
        if (imageSize() > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("image size " + imageSize() + " exceeds " + MAX_IMAGE_SIZE
                    + " pixels (the patch count and position embedding grow with its square)");
        }
        if (classes() < 0) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes());
        }
        if (imageSize() <= 0 || patchSize() <= 0 || imageSize() % patchSize() != 0) {
            throw new IllegalArgumentException("image size " + imageSize() + " must be a positive multiple of the patch size "
                    + patchSize());
        }
        if (channels() != 1 && channels() != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels());
        }
    }
}
