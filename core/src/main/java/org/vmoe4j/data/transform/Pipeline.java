package org.vmoe4j.data.transform;

import java.util.Random;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.Image;

/**
 * The input pipeline of a recipe (SPEC §4), deterministic given the {@code Random} it is handed.
 *
 * <p>Training order: (0) an RGB image for a one-channel model becomes its luma;
 * (1) AutoAugment on the source image (at source resolution); (2) random resized crop to
 * {@code imageSize × imageSize}, or a resize of the whole image when the config does not crop;
 * (3) horizontal flip with probability {@code flipP}; (4) RandAugment at model size;
 * (5) ToTensor + Normalize to CHW floats (a one-channel image for a three-channel model is
 * replicated); (6) random erasing of the normalised floats. Steps (1) and (4) are alternatives
 * (the config refuses both); (1), (4) and (6) take no draws when off, so a config without them
 * gives the same tensors as before they existed. Evaluation: (0), a resize of the whole image,
 * (5); the {@code Random} is not used and may be null.
 *
 * <p>Note: torchvision recipes usually put AutoAugment after the crop and flip; this pipeline
 * applies it first, on the source image, so translations are measured in source pixels.
 * RandAugment sits where timm's DeiT transform puts it, after the crop and flip.
 */
public final class Pipeline {
    private final AugmentConfig config;
    private final boolean training;
    private final AutoAugment autoAugment;
    private final RandomResizedCrop crop;
    private final RandAugment randAugment;
    private final Normalize normalize;
    private final RandomErasing erasing;

    private Pipeline(AugmentConfig config, boolean training) {
        this.config = config;
        this.training = training;
        this.autoAugment = new AutoAugment(training ? config.autoAugment() : AutoAugmentPolicy.NONE);
        this.crop = training && config.crops()
                ? RandomResizedCrop.of(config.imageSize(), config.scaleMin(), config.scaleMax())
                : null;
        this.randAugment = training && config.randAugment() != null
                ? new RandAugment(config.randAugment(), config.mean()) : null;
        this.normalize = new Normalize(config.channels(), config.mean(), config.std());
        this.erasing = training && config.erasingP() > 0 ? RandomErasing.of(config.erasingP())
                : null;
    }

    /**
     * The training pipeline: AutoAugment, random resized crop (or resize), flip, RandAugment,
     * normalise, random erasing (each as configured).
     */
    public static Pipeline train(AugmentConfig config) {
        return new Pipeline(config, true);
    }

    /** The evaluation pipeline: resize and normalise, nothing random. */
    public static Pipeline eval(AugmentConfig config) {
        return new Pipeline(config, false);
    }

    public AugmentConfig config() {
        return config;
    }

    public boolean training() {
        return training;
    }

    /** Floats written per image by {@link #toTensor}: channels × size × size. */
    public int tensorLength() {
        return config.channels() * config.imageSize() * config.imageSize();
    }

    /** Steps (0)–(4): the augmented 8-bit image at model size (for previews and for tensors). */
    public Image augment(Image img, Random random) {
        Image x = config.channels() == 1 ? Grayscale.apply(img) : img;
        int n = config.imageSize();
        if (!training) {
            return Resize.apply(x, n, n);
        }
        x = autoAugment.apply(x, random);
        x = crop != null ? crop.apply(x, random) : Resize.apply(x, n, n);
        x = HorizontalFlip.apply(x, config.flipP(), random);
        return randAugment != null ? randAugment.apply(x, random) : x;
    }

    /** All steps: writes {@link #tensorLength()} CHW floats at {@code out[offset]}. */
    public void toTensor(Image img, Random random, float[] out, int offset) {
        normalize.apply(augment(img, random), out, offset);
        if (erasing != null) {
            int n = config.imageSize();
            erasing.apply(out, offset, config.channels(), n, n, random);
        }
    }
}
