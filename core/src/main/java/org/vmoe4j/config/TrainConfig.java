package org.vmoe4j.config;

import org.vmoe4j.data.RandAugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;

/**
 * Everything a training run needs besides the model and the data (SPEC §4 recipes). Recipes are values of this
 * record ({@link Recipes}) built with named fields ({@link #builder()}, {@link #toBuilder()}); command-line
 * options override single fields the same way, so a misspelt setting does not compile.
 *
 * @param lr base learning rate; the peak rate is lr·batch/256 (ML Eq. 17)
 * @param minLr the rate the cosine decays to
 * @param warmupEpochs linear warm-up length, in epochs (fractions allowed), before the cosine decay
 * @param layerDecay layer-wise learning-rate decay (1 = none): a parameter at depth d from the top gets lr·decay^d
 * @param superclasses super-class source for super-class routing: {@code coarse} (the dataset's own),
 *                     {@code random} (a seeded grouping of equal sizes) or a map file from {@code vmoe4j superclasses}
 * @param routerWeight λ of MV's router loss L = L_C + λ·L_g
 * @param trainImages use only this many training images per epoch (0 = all), for quick runs
 * @param workers data-loading threads
 * @param labelSmoothing s of the targets (1 − s)·t + s/K, on one-hot or mixed targets (DeiT: 0.1)
 * @param mixup α of mixup's Beta(α, α), 0 for none (DeiT: 0.8)
 * @param cutmix α of CutMix's Beta(α, α), 0 for none (DeiT: 1.0); with both, each batch picks one at even odds
 * @param randAugment timm's RandAugment after the crop and flip, or null (DeiT: rand-m9-mstd0.5-inc1)
 * @param randomErasing probability of erasing a box of the normalised image (DeiT: 0.25)
 * @param dropPath stochastic depth: the largest per-sample drop probability of a residual branch, reached by the
 *                 last block, 0 at the first, linear in between as timm does (DeiT: 0.1)
 * @param normalization the input mean and std, for training, evaluation and prediction alike
 */
public record TrainConfig(int epochs, int batchSize, double lr, double minLr, double warmupEpochs, double weightDecay,
                          double layerDecay, long seed, String superclasses, double routerWeight,
                          AutoAugmentPolicy autoAugment, double cropScaleMin, double cropScaleMax, double flipP,
                          double valFraction, int trainImages, int workers, Dispatch dispatch, double labelSmoothing,
                          double mixup, double cutmix, RandAugmentConfig randAugment, double randomErasing,
                          double dropPath, Normalization normalization) {

    /** A run written before normalisation was a setting (no such field in its config.json) used mean and std 0.5. */
    public TrainConfig {
        normalization = normalization == null ? Normalization.HALF : normalization;
    }

    /** Peak learning rate after the linear scaling rule (ML Eq. 17). */
    public double peakLr() {
        return lr * batchSize / 256.0;
    }

    /** A builder whose defaults are ML Table 4, the fine-tuning recipe every other ML table deviates from. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).lr(lr).minLr(minLr).warmupEpochs(warmupEpochs)
                .weightDecay(weightDecay).layerDecay(layerDecay).seed(seed).superclasses(superclasses)
                .routerWeight(routerWeight).autoAugment(autoAugment).cropScale(cropScaleMin, cropScaleMax).flipP(flipP)
                .valFraction(valFraction).trainImages(trainImages).workers(workers).dispatch(dispatch)
                .labelSmoothing(labelSmoothing).mixup(mixup).cutmix(cutmix).randAugment(randAugment)
                .randomErasing(randomErasing).dropPath(dropPath).normalization(normalization);
    }

    /** Fails with a message naming the setting when a value is out of range. */
    public void validate() {
        check(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        check(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        check(lr > 0 && Double.isFinite(lr), "--lr must be a positive finite number, got " + lr);
        check(minLr >= 0 && minLr <= peakLr(), "--min-lr must be in 0..the peak lr " + peakLr() + ", got " + minLr);
        check(warmupEpochs >= 0 && warmupEpochs <= epochs,
                "--warmup-epochs must be within 0.." + epochs + " epochs, got " + warmupEpochs);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        check(layerDecay > 0 && layerDecay <= 1, "--layer-decay must be in (0, 1], got " + layerDecay);
        check(routerWeight >= 0 && Double.isFinite(routerWeight), "--router-weight must be >= 0, got " + routerWeight);
        check(cropScaleMin > 0 && cropScaleMin <= cropScaleMax && cropScaleMax <= 1,
                "--crop-scale must satisfy 0 < MIN <= MAX <= 1, got " + cropScaleMin + "," + cropScaleMax);
        check(flipP >= 0 && flipP <= 1, "--flip must be a probability in [0, 1], got " + flipP);
        check(valFraction >= 0 && valFraction < 1, "--val-fraction must be in [0, 1), got " + valFraction);
        check(trainImages >= 0, "--train-images must be >= 0, got " + trainImages);
        check(workers >= 0, "--workers must be >= 0, got " + workers);
        check(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        check(mixup >= 0 && cutmix >= 0 && Double.isFinite(mixup + cutmix),
                "--mixup and --cutmix alphas must be >= 0 (0 = off), got " + mixup + " and " + cutmix);
        check(randAugment == null || autoAugment == AutoAugmentPolicy.NONE, "RandAugment and AutoAugment are "
                + "alternatives: got --auto-augment " + autoAugment + " and --rand-augment " + spec(randAugment)
                + "; set one of them to none");
        check(randomErasing >= 0 && randomErasing <= 1, "--random-erasing must be a probability in [0, 1], got "
                + randomErasing);
        check(dropPath >= 0 && dropPath < 1, "--drop-path must be in [0, 1), got " + dropPath);
    }

    private static String spec(RandAugmentConfig randAugment) {
        return randAugment == null ? "none" : randAugment.spec();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Named settings; the defaults are ML Table 4 (SPEC §4) with a 10% validation split and one loader per core. */
    public static final class Builder {
        private int epochs = 300;
        private int batchSize = 448;
        private double lr = 5e-3;
        private double minLr = 1e-6;
        private double warmupEpochs = 20;
        private double weightDecay = 0.05;
        private double layerDecay = 0.9;
        private long seed;
        private String superclasses;
        private double routerWeight = 0.3; // MV §2's λ
        private AutoAugmentPolicy autoAugment = AutoAugmentPolicy.CIFAR10;
        private double cropScaleMin = 0.8;
        private double cropScaleMax = 1.0;
        private double flipP = 0.5;
        private double valFraction = 0.1;
        private int trainImages;
        private int workers = Runtime.getRuntime().availableProcessors();
        private Dispatch dispatch = Dispatch.SPARSE;
        private double labelSmoothing;
        private double mixup;
        private double cutmix;
        private RandAugmentConfig randAugment;
        private double randomErasing;
        private double dropPath;
        private Normalization normalization = Normalization.HALF;

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder minLr(double v) {
            minLr = v;
            return this;
        }

        public Builder warmupEpochs(double v) {
            warmupEpochs = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder layerDecay(double v) {
            layerDecay = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder superclasses(String v) {
            superclasses = v;
            return this;
        }

        public Builder routerWeight(double v) {
            routerWeight = v;
            return this;
        }

        public Builder autoAugment(AutoAugmentPolicy v) {
            autoAugment = v;
            return this;
        }

        /** The area range of the random resized crop; (1, 1) resizes the whole image. */
        public Builder cropScale(double min, double max) {
            cropScaleMin = min;
            cropScaleMax = max;
            return this;
        }

        public Builder flipP(double v) {
            flipP = v;
            return this;
        }

        public Builder valFraction(double v) {
            valFraction = v;
            return this;
        }

        public Builder trainImages(int v) {
            trainImages = v;
            return this;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder dispatch(Dispatch v) {
            dispatch = v;
            return this;
        }

        public Builder labelSmoothing(double v) {
            labelSmoothing = v;
            return this;
        }

        public Builder mixup(double v) {
            mixup = v;
            return this;
        }

        public Builder cutmix(double v) {
            cutmix = v;
            return this;
        }

        /** timm's RandAugment settings, or null for none. */
        public Builder randAugment(RandAugmentConfig v) {
            randAugment = v;
            return this;
        }

        public Builder randomErasing(double v) {
            randomErasing = v;
            return this;
        }

        public Builder dropPath(double v) {
            dropPath = v;
            return this;
        }

        public Builder normalization(Normalization v) {
            normalization = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, lr, minLr, warmupEpochs, weightDecay, layerDecay, seed, superclasses,
                    routerWeight, autoAugment, cropScaleMin, cropScaleMax, flipP, valFraction, trainImages, workers,
                    dispatch, labelSmoothing, mixup, cutmix, randAugment, randomErasing, dropPath, normalization);
        }
    }
}
