package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/**
 * The 14 operations of AutoAugment (SPEC §4, fine-tuning recipe) with torchvision's magnitude
 * tables of 10 bins: ShearX/Y {@code linspace(0, 0.3)}, TranslateX/Y
 * {@code linspace(0, 150/331 · width|height)} (truncated to whole pixels), Rotate
 * {@code linspace(0, 30)} degrees, Brightness/Color/Contrast/Sharpness {@code linspace(0, 0.9)}
 * (applied as factor {@code 1 + magnitude}), Posterize {@code 8 − round(bin / 2.25)} bits,
 * Solarize {@code linspace(255, 0)} threshold; AutoContrast, Equalize and Invert take none.
 * Signed operations have their magnitude negated with probability 0.5 by {@link AutoAugment}.
 *
 * <p>Linspace values are computed as {@code torch.linspace} does in single precision (the first
 * half from the start, the second half from the end), then widened to double.
 */
public enum AutoAugmentOp {
    SHEAR_X("ShearX", true),
    SHEAR_Y("ShearY", true),
    TRANSLATE_X("TranslateX", true),
    TRANSLATE_Y("TranslateY", true),
    ROTATE("Rotate", true),
    BRIGHTNESS("Brightness", true),
    COLOR("Color", true),
    CONTRAST("Contrast", true),
    SHARPNESS("Sharpness", true),
    POSTERIZE("Posterize", false),
    SOLARIZE("Solarize", false),
    AUTO_CONTRAST("AutoContrast", false),
    EQUALIZE("Equalize", false),
    INVERT("Invert", false);

    /** Number of magnitude bins. */
    public static final int BINS = 10;

    private final String torchName;
    private final boolean signed;

    AutoAugmentOp(String torchName, boolean signed) {
        this.torchName = torchName;
        this.signed = signed;
    }

    /** The name torchvision uses in its policy tables. */
    public String torchName() {
        return torchName;
    }

    /** Whether the magnitude gets a random sign. */
    public boolean signed() {
        return signed;
    }

    /** Whether the op takes a magnitude at all. */
    public boolean hasMagnitude() {
        return this != AUTO_CONTRAST && this != EQUALIZE && this != INVERT;
    }

    /** The (unsigned) magnitude of {@code bin} for an image of the given size. */
    public double magnitude(int bin, int height, int width) {
        if (!hasMagnitude()) {
            return 0.0;
        }
        if (bin < 0 || bin >= BINS) {
            throw new IllegalArgumentException(torchName + " magnitude bin " + bin + " not in 0..9");
        }
        return switch (this) {
            case SHEAR_X, SHEAR_Y -> linspace(0f, 0.3f, bin);
            case TRANSLATE_X -> linspace(0f, (float) (150.0 / 331.0 * width), bin);
            case TRANSLATE_Y -> linspace(0f, (float) (150.0 / 331.0 * height), bin);
            case ROTATE -> linspace(0f, 30f, bin);
            case BRIGHTNESS, COLOR, CONTRAST, SHARPNESS -> linspace(0f, 0.9f, bin);
            case POSTERIZE -> 8 - (int) Math.rint(bin / 2.25f);
            case SOLARIZE -> linspace(255f, 0f, bin);
            default -> 0.0;
        };
    }

    /** Applies the op with a (signed) magnitude from {@link #magnitude}. */
    public Image apply(Image img, double magnitude) {
        float factor = (float) (1.0 + magnitude);
        return switch (this) {
            case SHEAR_X -> Shear.x(img, magnitude);
            case SHEAR_Y -> Shear.y(img, magnitude);
            case TRANSLATE_X -> Translate.x(img, (int) magnitude);
            case TRANSLATE_Y -> Translate.y(img, (int) magnitude);
            case ROTATE -> Rotate.apply(img, magnitude);
            case BRIGHTNESS -> Brightness.apply(img, factor);
            case COLOR -> Color.apply(img, factor);
            case CONTRAST -> Contrast.apply(img, factor);
            case SHARPNESS -> Sharpness.apply(img, factor);
            case POSTERIZE -> Posterize.apply(img, (int) magnitude);
            case SOLARIZE -> Solarize.apply(img, magnitude);
            case AUTO_CONTRAST -> AutoContrast.apply(img);
            case EQUALIZE -> Equalize.apply(img);
            case INVERT -> Invert.apply(img);
        };
    }

    /** {@code torch.linspace(start, end, 10)[i]} in single precision. */
    static double linspace(float start, float end, int i) {
        float step = (end - start) / (BINS - 1);
        return i < BINS / 2 ? start + step * i : end - step * (BINS - 1 - i);
    }
}
