package org.vmoe4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.nn.Dispatch;
import org.vmoe4j.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j train}: supervised training with the papers' recipes, resumable. */
@Command(name = "train", header = "Train a classifier with a paper recipe; resumable.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier and report its test accuracy. With no options: mLiT-XXS on the built-in",
            "Fashion-MNIST data with the 'quick' recipe (about 12 minutes on 2 cores).", "",
            "The run directory gets config.json, metrics.jsonl (one line per epoch), curves.png,",
            "checkpoint.safetensors (every epoch, atomic) and model.safetensors (final weights).",
            "A recipe sets every training option; options given explicitly override it.", "",
            "Examples:",
            "  vmoe4j train",
            "  vmoe4j train --model mlit-xxs --data cifar100:~/data/cifar-100-binary --recipe ml-cifar100 --out runs/c100",
            "  vmoe4j train --model mvmoe-6x64 --image-size 32 --patch-size 4 --superclasses random --epochs 5",
            "  vmoe4j train --resume runs/c100"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "SPEC", defaultValue = Datasets.DEFAULT_SPEC,
            description = "Dataset, KIND:DIR (see 'vmoe4j data --help'); default: Fashion-MNIST (Debian's or built in).")
    String data;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default: runs/MODEL-DATE-TIME).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last checkpoint; other options are ignored.")
    Path resume;

    @Option(names = "--init", paramLabel = "RUN_DIR|FILE",
            description = "Start from pre-trained weights (a run directory or a safetensors file, e.g. an mmLiT "
                    + "encoder): every parameter but the head is loaded; a model of another size is refused.")
    String init;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = Recipes.DEFAULT,
            description = "Training recipe (default: ${DEFAULT-VALUE}): quick, ml-cifar100, ml-cifar10, ml-svhn, ml-flowers102 "
                    + "(ML Table 6), ml-finetune (Table 4), ml-transfer-* (Table 5), mv.")
    String recipe;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingRun run = resume != null ? TrainingRun.resume(resume)
                : TrainingRun.start(runDirectory(), modelSpecForData(), data, recipe, trainConfig(), init);
        out.printf("run %s: %s on %s (%d train / %d val / %d test images)%n", run.directory().path(),
                run.config().model().preset(), run.data().name(), run.data().train().size(), run.data().val().size(),
                run.data().test().size());
        out.flush();
        try (NDManager manager = NDManager.newBaseManager()) {
            run.train(manager, new ProgressListener(out, run.config().train().epochs()));
            EvalResult test;
            try (var bar = ProgressListener.bar("test", run.data().test().size())) {
                test = run.test(manager, bar::stepTo);
            }
            out.printf("test accuracy: %.2f%% top-1, %.2f%% top-5 on %d images%s%n", 100 * test.top1(), 100 * test.top5(),
                    test.images(), Double.isNaN(test.routerAccuracy()) ? ""
                            : String.format(", router accuracy %.2f%%", 100 * test.routerAccuracy()));
        }
        out.flush();
        return 0;
    }

    private org.vmoe4j.config.ModelSpec modelSpecForData() {
        modelOptions.resolve(); // a usage error now rather than after the data is read
        return modelOptions.spec();
    }

    private Path runDirectory() {
        if (out != null) {
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", modelOptions.spec().preset() + "-" + stamp);
    }

    private TrainConfig trainConfig() {
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
