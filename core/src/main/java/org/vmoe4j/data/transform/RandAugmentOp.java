package org.vmoe4j.data.transform;

import java.util.List;
import org.vmoe4j.data.Image;

/**
 * The operations of timm's RandAugment (DeiT's {@code rand-m9-mstd0.5-inc1}, SPEC §2 Training),
 * with timm's level-to-argument functions of a magnitude m in [0, 10] ({@code _LEVEL_DENOM} =
 * 10): Rotate {@code m/10·30} degrees; Posterize {@code int(m/10·4)} bits kept, increasing
 * {@code 4 − int(m/10·4)}; Solarize threshold {@code int(m/10·256)}, increasing
 * {@code 256 − int(m/10·256)}; SolarizeAdd {@code int(m/10·110)} added below 128;
 * Color/Contrast/Brightness/Sharpness factor {@code m/10·1.8 + 0.1}, increasing
 * {@code max(0.1, 1 ± m/10·0.9)}; ShearX/Y factor {@code m/10·0.3}; TranslateX/YRel
 * {@code m/10·0.45} of the width/height. Signed arguments are negated when the op's coin says so.
 *
 * <p>Pixel ops are the Pillow-matched ones AutoAugment uses. Geometric ops follow timm, not
 * torchvision: the shear factor goes into the matrix as is, translations are fractional pixels
 * with a positive argument moving the content left/up, and all of them sample bicubically with
 * the fill colour {@code round(255 · mean)} ({@link BicubicAffine}).
 */
public enum RandAugmentOp {
    AUTO_CONTRAST(false),
    EQUALIZE(false),
    INVERT(false),
    ROTATE(true),
    POSTERIZE(false),
    POSTERIZE_INCREASING(false),
    SOLARIZE(false),
    SOLARIZE_INCREASING(false),
    SOLARIZE_ADD(false),
    COLOR(false),
    COLOR_INCREASING(true),
    CONTRAST(false),
    CONTRAST_INCREASING(true),
    BRIGHTNESS(false),
    BRIGHTNESS_INCREASING(true),
    SHARPNESS(false),
    SHARPNESS_INCREASING(true),
    SHEAR_X(true),
    SHEAR_Y(true),
    TRANSLATE_X_REL(true),
    TRANSLATE_Y_REL(true);

    /** The largest magnitude; magnitudes are clipped to [0, MAX_MAGNITUDE]. */
    public static final double MAX_MAGNITUDE = 10.0;

    /** timm's {@code _RAND_TRANSFORMS}. */
    public static final List<RandAugmentOp> STANDARD = List.of(AUTO_CONTRAST, EQUALIZE, INVERT,
            ROTATE, POSTERIZE, SOLARIZE, SOLARIZE_ADD, COLOR, CONTRAST, BRIGHTNESS, SHARPNESS,
            SHEAR_X, SHEAR_Y, TRANSLATE_X_REL, TRANSLATE_Y_REL);

    /** timm's {@code _RAND_INCREASING_TRANSFORMS} (the {@code inc1} list DeiT uses). */
    public static final List<RandAugmentOp> INCREASING = List.of(AUTO_CONTRAST, EQUALIZE, INVERT,
            ROTATE, POSTERIZE_INCREASING, SOLARIZE_INCREASING, SOLARIZE_ADD, COLOR_INCREASING,
            CONTRAST_INCREASING, BRIGHTNESS_INCREASING, SHARPNESS_INCREASING, SHEAR_X, SHEAR_Y,
            TRANSLATE_X_REL, TRANSLATE_Y_REL);

    private final boolean signed;

    RandAugmentOp(boolean signed) {
        this.signed = signed;
    }

    /** Whether the argument is negated with probability 0.5. */
    public boolean signed() {
        return signed;
    }

    /** timm's argument for magnitude {@code m} (already clipped), negated if asked and signed. */
    public double argument(double m, boolean negate) {
        double level = m / MAX_MAGNITUDE;
        double sign = signed && negate ? -1.0 : 1.0;
        return switch (this) {
            case AUTO_CONTRAST, EQUALIZE, INVERT -> 0.0;
            case ROTATE -> sign * (level * 30.0);
            case POSTERIZE -> (int) (level * 4);
            case POSTERIZE_INCREASING -> 4 - (int) (level * 4);
            case SOLARIZE -> Math.min(256, (int) (level * 256));
            case SOLARIZE_INCREASING -> 256 - Math.min(256, (int) (level * 256));
            case SOLARIZE_ADD -> Math.min(128, (int) (level * 110));
            case COLOR, CONTRAST, BRIGHTNESS, SHARPNESS -> level * 1.8 + 0.1;
            case COLOR_INCREASING, CONTRAST_INCREASING, BRIGHTNESS_INCREASING,
                    SHARPNESS_INCREASING -> Math.max(0.1, 1.0 + sign * (level * 0.9));
            case SHEAR_X, SHEAR_Y -> sign * (level * 0.3);
            case TRANSLATE_X_REL, TRANSLATE_Y_REL -> sign * (level * 0.45);
        };
    }

    /**
     * Applies the op with an argument from {@link #argument}.
     *
     * @param fill the colour geometric ops fill uncovered pixels with, one value per channel
     */
    public Image apply(Image img, double argument, int[] fill) {
        int w = img.width();
        int h = img.height();
        return switch (this) {
            case AUTO_CONTRAST -> AutoContrast.apply(img);
            case EQUALIZE -> Equalize.apply(img);
            case INVERT -> Invert.apply(img);
            case ROTATE -> BicubicAffine.warp(img, Rotate.matrix(h, w, argument), fill);
            case POSTERIZE, POSTERIZE_INCREASING -> Posterize.apply(img, (int) argument);
            case SOLARIZE, SOLARIZE_INCREASING -> Solarize.apply(img, argument);
            case SOLARIZE_ADD -> SolarizeAdd.apply(img, (int) argument, 128);
            case COLOR, COLOR_INCREASING -> Color.apply(img, (float) argument);
            case CONTRAST, CONTRAST_INCREASING -> Contrast.apply(img, (float) argument);
            case BRIGHTNESS, BRIGHTNESS_INCREASING -> Brightness.apply(img, (float) argument);
            case SHARPNESS, SHARPNESS_INCREASING -> Sharpness.apply(img, (float) argument);
            case SHEAR_X -> BicubicAffine.warp(img, new double[] {1, argument, 0, 0, 1, 0}, fill);
            case SHEAR_Y -> BicubicAffine.warp(img, new double[] {1, 0, 0, argument, 1, 0}, fill);
            case TRANSLATE_X_REL -> BicubicAffine.warp(img,
                    new double[] {1, 0, argument * w, 0, 1, 0}, fill);
            case TRANSLATE_Y_REL -> BicubicAffine.warp(img,
                    new double[] {1, 0, 0, 0, 1, argument * h}, fill);
        };
    }
}
