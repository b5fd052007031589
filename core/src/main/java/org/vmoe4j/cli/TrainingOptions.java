package org.vmoe4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.nn.Dispatch;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The options that override single settings of a training recipe; shared by train and pretrain. */
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
    @Option(names = "--routing", paramLabel = "MODE",
            description = "Mobile V-MoE routing: superclass (MV's, router supervised by super-classes), learned-image, learned-token.")
    String routing;
    @Option(names = "--superclasses", paramLabel = "SOURCE",
            description = "Super-classes for superclass routing: coarse (the dataset's own, e.g. CIFAR-100), random, or FILE.json.")
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

    /** The named recipe with the options given on the command line applied. */
    TrainConfig resolve(String recipe) {
        Map<String, Object> changes = new LinkedHashMap<>();
        put(changes, "epochs", epochs);
        put(changes, "batchSize", batchSize);
        put(changes, "lr", lr);
        put(changes, "minLr", minLr);
        put(changes, "warmupEpochs", warmupEpochs);
        put(changes, "weightDecay", weightDecay);
        put(changes, "layerDecay", layerDecay);
        put(changes, "seed", seed);
        put(changes, "routing", routing == null ? null : routingMode());
        put(changes, "superclasses", superclasses);
        put(changes, "routerWeight", routerWeight);
        put(changes, "autoAugment", autoAugment);
        put(changes, "flipP", flip);
        put(changes, "valFraction", valFraction);
        put(changes, "trainImages", trainImages);
        put(changes, "workers", workers);
        put(changes, "dispatch", dispatch);
        if (cropScale != null) {
            if (cropScale.length != 2) {
                throw new ParameterException(spec.commandLine(), "--crop-scale expects MIN,MAX, e.g. 0.8,1");
            }
            changes.put("cropScaleMin", cropScale[0]);
            changes.put("cropScaleMax", cropScale[1]);
        }
        if (!Recipes.names().contains(recipe)) {
            throw new ParameterException(spec.commandLine(), "unknown recipe '" + recipe + "' for --recipe; known recipes: "
                    + String.join(", ", Recipes.names()));
        }
        try {
            TrainConfig config = Recipes.get(recipe).with(changes);
            config.validate();
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TrainConfig.Routing routingMode() {
        return switch (routing) {
            case "superclass" -> TrainConfig.Routing.SUPERCLASS;
            case "random-superclass" -> {
                superclasses = "random";
                yield TrainConfig.Routing.SUPERCLASS;
            }
            case "learned-image" -> TrainConfig.Routing.LEARNED_IMAGE;
            case "learned-token" -> TrainConfig.Routing.LEARNED_TOKEN;
            default -> throw new ParameterException(spec.commandLine(), "unknown --routing '" + routing
                    + "'; expected superclass, random-superclass, learned-image or learned-token");
        };
    }

    private static void put(Map<String, Object> changes, String field, Object value) {
        if (value != null) {
            changes.put(field, value);
        }
    }
}
