package org.vmoe4j.cli;

import java.util.function.Consumer;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.RandAugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The options that override single settings of a training recipe; shared by train, pretrain and study. */
public final class TrainingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs.")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "B", description = "Images per step.")
    Integer batchSize;
    @Option(names = "--lr", paramLabel = "LR", description = "Base learning rate; the peak is LR x batch / 256 (ML Eq. 17).")
    Double lr;
    @Option(names = "--min-lr", paramLabel = "LR", description = "Learning rate at the end of the cosine decay.")
    Double minLr;
    @Option(names = "--warmup-epochs", paramLabel = "E", description = "Linear warm-up length in epochs (fractions allowed).")
    Double warmupEpochs;
    @Option(names = "--weight-decay", paramLabel = "WD", description = "AdamW weight decay (not on biases, norms, embeddings, tokens).")
    Double weightDecay;
    @Option(names = "--layer-decay", paramLabel = "D", description = "Layer-wise lr decay, 1 = none (ML Table 4: 0.9).")
    Double layerDecay;
    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialisation, data order, augmentation, noise and dropout.")
    Long seed;
    @Option(names = "--superclasses", paramLabel = "SOURCE",
            description = "Super-classes for superclass routing: coarse (the dataset's own, e.g. CIFAR-100), random "
                    + "(a seeded grouping of equal sizes), or FILE.json from 'vmoe4j superclasses'.")
    String superclasses;
    @Option(names = "--router-weight", paramLabel = "LAMBDA", description = "Weight of the router's super-class loss (MV: 0.3).")
    Double routerWeight;
    @Option(names = "--auto-augment", paramLabel = "POLICY", description = "AutoAugment policy: none, cifar10, svhn.")
    AutoAugmentPolicy autoAugment;
    @Option(names = "--crop-scale", paramLabel = "MIN,MAX", split = ",", description = "Random resized crop scale range (1,1 = no crop).")
    double[] cropScale;
    @Option(names = "--flip", paramLabel = "P", description = "Horizontal flip probability.")
    Double flip;
    @Option(names = "--val-fraction", paramLabel = "F", description = "Share of the training split held out for validation.")
    Double valFraction;
    @Option(names = "--train-images", paramLabel = "N", description = "Train on a seeded subset of N images (0 = all).")
    Integer trainImages;
    @Option(names = "--workers", paramLabel = "N", description = "Data-loading threads.")
    Integer workers;
    @Option(names = "--dispatch", paramLabel = "MODE", description = "MoE dispatch: sparse or dense (see 'bench').")
    Dispatch dispatch;
    @Option(names = "--label-smoothing", paramLabel = "S", description = "Targets (1 - S) x t + S / classes (DeiT: 0.1).")
    Double labelSmoothing;
    @Option(names = "--mixup", paramLabel = "ALPHA", description = "Mixup with lambda ~ Beta(ALPHA, ALPHA), 0 = off (DeiT: 0.8).")
    Double mixup;
    @Option(names = "--cutmix", paramLabel = "ALPHA",
            description = "CutMix with lambda ~ Beta(ALPHA, ALPHA), 0 = off (DeiT: 1.0); with --mixup each batch picks one.")
    Double cutmix;
    @Option(names = "--rand-augment", paramLabel = "SPEC",
            description = "timm's RandAugment, e.g. rand-m9-mstd0.5-inc1 (DeiT's), or none; instead of --auto-augment.")
    String randAugment;
    @Option(names = "--random-erasing", paramLabel = "P", description = "Probability of erasing a random box (DeiT: 0.25).")
    Double randomErasing;
    @Option(names = "--drop-path", paramLabel = "RATE",
            description = "Stochastic depth: per-sample drop rate of the last block's branches, 0 at the first (DeiT: 0.1).")
    Double dropPath;
    @Option(names = "--normalization", paramLabel = "STATS",
            description = "Input mean and std: half (0.5/0.5; ViT, ML) or imagenet (DeiT); evaluation uses the same.")
    Normalization normalization;

    /**
     * The named recipe for this model ({@code mv} picks DeiT's or ViT's by its width) with the options given on the
     * command line applied; a usage error when a value is out of range.
     */
    TrainConfig resolve(String recipe, ModelConfig model) {
        if (!Recipes.names().contains(recipe)) {
            throw new ParameterException(spec.commandLine(), "unknown recipe '" + recipe + "' for --recipe; known recipes: "
                    + String.join(", ", Recipes.names()));
        }
        TrainConfig.Builder b = Recipes.forModel(recipe, model).toBuilder();
        set(epochs, b::epochs);
        set(batchSize, b::batchSize);
        set(lr, b::lr);
        set(minLr, b::minLr);
        set(warmupEpochs, b::warmupEpochs);
        set(weightDecay, b::weightDecay);
        set(layerDecay, b::layerDecay);
        set(seed, b::seed);
        set(superclasses, b::superclasses);
        set(routerWeight, b::routerWeight);
        set(autoAugment, b::autoAugment);
        set(flip, b::flipP);
        set(valFraction, b::valFraction);
        set(trainImages, b::trainImages);
        set(workers, b::workers);
        set(dispatch, b::dispatch);
        set(labelSmoothing, b::labelSmoothing);
        set(mixup, b::mixup);
        set(cutmix, b::cutmix);
        set(randomErasing, b::randomErasing);
        set(dropPath, b::dropPath);
        set(normalization, b::normalization);
        if (randAugment != null) {
            b.randAugment(randAugment.equals("none") ? null : randAugmentSpec());
        }
        if (cropScale != null) {
            if (cropScale.length != 2) {
                throw new ParameterException(spec.commandLine(), "--crop-scale expects MIN,MAX, e.g. 0.8,1");
            }
            b.cropScale(cropScale[0], cropScale[1]);
        }
        try {
            TrainConfig config = b.build();
            config.validate();
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private RandAugmentConfig randAugmentSpec() {
        try {
            return RandAugmentConfig.parse(randAugment);
        } catch (UserError e) {
            throw new ParameterException(spec.commandLine(), "--rand-augment: " + e.getMessage());
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
