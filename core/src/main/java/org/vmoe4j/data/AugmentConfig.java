package org.vmoe4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.vmoe4j.UserError;
import org.vmoe4j.data.transform.AutoAugmentPolicy;

/**
 * What the input pipeline does to an image (SPEC §4 recipes). Factories give the recipes:
 * {@link #pretrain} (MAE, Table 3: random resized crop scale [0.6, 1], flip 0.5),
 * {@link #finetune} (Table 4: crop [0.8, 1], flip 0.5, AutoAugment CIFAR-10 or SVHN policy) and
 * {@link #eval} (resize only); all normalise with mean 0.5, std 0.5 (SPEC §1). The DeiT
 * recipe's RandAugment and random erasing (SPEC §2 Training) are the last two components; batch
 * mixing (mixup, CutMix) is per batch, not per image, and lives in {@link BatchMixing}.
 *
 * @param imageSize side of the square model input (36 for mLiT, SPEC §3)
 * @param channels channels the model expects (1 or 3)
 * @param scaleMin smallest area fraction of the random resized crop; {@code scaleMin == scaleMax
 *     == 1} means no crop, only a resize of the whole image
 * @param scaleMax largest area fraction of the random resized crop
 * @param flipP probability of a horizontal flip
 * @param autoAugment AutoAugment policy, {@link AutoAugmentPolicy#NONE} for none
 * @param mean per-channel mean ({@code channels} values) subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation ({@code channels} values)
 * @param randAugment timm's RandAugment after the crop and flip (SPEC §2 Training, DeiT
 *     recipe), or null for none; an alternative to AutoAugment, not an addition
 * @param erasingP probability of timm's random erasing of the normalised image (DeiT: 0.25)
 */
public record AugmentConfig(int imageSize, int channels, double scaleMin, double scaleMax,
                            double flipP, AutoAugmentPolicy autoAugment, float[] mean,
                            float[] std, RandAugmentConfig randAugment, double erasingP) {

    /** A config without RandAugment and without random erasing. */
    public AugmentConfig(int imageSize, int channels, double scaleMin, double scaleMax,
                         double flipP, AutoAugmentPolicy autoAugment, float[] mean,
                         float[] std) {
        this(imageSize, channels, scaleMin, scaleMax, flipP, autoAugment, mean, std, null, 0.0);
    }

    public AugmentConfig {
        if (imageSize <= 0) {
            throw new UserError("image size must be positive, got " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new UserError("channels must be 1 or 3, got " + channels);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new UserError("crop scale must satisfy 0 < min <= max <= 1, got ["
                    + scaleMin + ", " + scaleMax + "]");
        }
        if (!(flipP >= 0 && flipP <= 1)) {
            throw new UserError("flip probability must be in [0, 1], got " + flipP);
        }
        if (autoAugment == null) {
            throw new UserError("AutoAugment policy missing (use NONE for none)");
        }
        if (mean == null || std == null || mean.length != channels || std.length != channels) {
            throw new UserError("normalisation needs " + channels + " means and " + channels
                    + " stds, got " + (mean == null ? "none" : Arrays.toString(mean)) + " and "
                    + (std == null ? "none" : Arrays.toString(std)));
        }
        if (randAugment != null && autoAugment != AutoAugmentPolicy.NONE) {
            throw new UserError("RandAugment and AutoAugment are alternatives: got AutoAugment "
                    + autoAugment + " and RandAugment " + randAugment.spec() + "; choose one");
        }
        if (!(erasingP >= 0 && erasingP <= 1)) {
            throw new UserError("random erasing probability must be in [0, 1], got " + erasingP);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new UserError("normalisation std must be positive, got "
                        + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** MAE pre-training (SPEC §4, ML Table 3): crop [0.6, 1], flip 0.5, normalise 0.5/0.5. */
    public static AugmentConfig pretrain(int imageSize, int channels) {
        return new AugmentConfig(imageSize, channels, 0.6, 1.0, 0.5, AutoAugmentPolicy.NONE,
                half(channels), half(channels));
    }

    /** Fine-tuning (SPEC §4, ML Table 4): crop [0.8, 1], flip 0.5, AutoAugment CIFAR-10. */
    public static AugmentConfig finetune(int imageSize, int channels) {
        return finetune(imageSize, channels, AutoAugmentPolicy.CIFAR10);
    }

    /** Fine-tuning with the given AutoAugment policy (ML Tables 5–6: CIFAR-10 or SVHN). */
    public static AugmentConfig finetune(int imageSize, int channels, AutoAugmentPolicy policy) {
        return new AugmentConfig(imageSize, channels, 0.8, 1.0, 0.5, policy,
                half(channels), half(channels));
    }

    /** Evaluation: resize to the model input and normalise 0.5/0.5, nothing random. */
    public static AugmentConfig eval(int imageSize, int channels) {
        return new AugmentConfig(imageSize, channels, 1.0, 1.0, 0.0, AutoAugmentPolicy.NONE,
                half(channels), half(channels));
    }

    /** True when a random resized crop is drawn (false: the whole image is resized). */
    public boolean crops() {
        return !(scaleMin == 1.0 && scaleMax == 1.0);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AugmentConfig a && imageSize == a.imageSize && channels == a.channels
                && scaleMin == a.scaleMin && scaleMax == a.scaleMax && flipP == a.flipP
                && autoAugment == a.autoAugment && Arrays.equals(mean, a.mean)
                && Arrays.equals(std, a.std) && Objects.equals(randAugment, a.randAugment)
                && erasingP == a.erasingP;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {imageSize, channels, scaleMin, scaleMax, flipP,
            autoAugment, Arrays.hashCode(mean), Arrays.hashCode(std), randAugment, erasingP});
    }

    @Override
    public String toString() {
        return "AugmentConfig[imageSize=" + imageSize + ", channels=" + channels + ", scale=["
                + scaleMin + ", " + scaleMax + "], flipP=" + flipP + ", autoAugment="
                + autoAugment + ", mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + ", randAugment="
                + (randAugment == null ? "none" : randAugment.spec()) + ", erasingP="
                + erasingP + "]";
    }

    private static float[] half(int channels) {
        float[] v = new float[channels];
        Arrays.fill(v, 0.5f);
        return v;
    }
}
