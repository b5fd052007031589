package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.LoaderBench;
import org.vmoe4j.data.Shuffle;
import org.vmoe4j.data.SplitSummary;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.report.PreviewGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vmoe4j data}: opens a dataset and describes its splits; optionally writes a preview of
 * augmented training images and measures the input pipeline's throughput.
 */
@Command(name = "data", header = "Inspect a dataset, preview augmentations, measure the loader.", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DataKindsHelp.class,
        description = {
            "Open a dataset and print, per split (train, val, test), its image count, image size and the "
                + "classes present; then the class names and the built-in super-class division if there is one "
                + "(CIFAR-100's 20 coarse labels). Every file read is checked: a bad one is reported with its "
                + "name and what is wrong with it.",
            "",
            "The validation split is the dataset's own when it has one (Flowers102; a folder tree with both "
                + "val/ and test/). Otherwise it is --val-fraction of the training images, the same share of "
                + "every class, chosen with --seed and removed from train.",
            "",
            "Examples:",
            "  vmoe4j data",
            "  vmoe4j data --data cifar100:~/data/cifar-100-binary --json",
            "  vmoe4j data --data folder:/data/imagenet --val-fraction 0.02",
            "  vmoe4j data --data svhn:/data/svhn --preview svhn.png",
            "  vmoe4j data --data cifar10:/data/cifar-10-batches-bin --bench --workers 4",
            ""})
public final class DataCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "SPEC", converter = DataSpecCheck.class, defaultValue = Datasets.DEFAULT_SPEC,
            description = {"Dataset: KIND:DIR (kinds below) or 'default'. Default: ${DEFAULT-VALUE}."})
    String data;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "Fraction of the training images held out as validation split when the dataset "
                    + "has none of its own, 0 <= F < 1 (0: no validation split). Default: the default training "
                    + "recipe's, so that 'data' shows the split 'train' makes.")
    Double valFraction;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed that fixes the validation split, the preview samples and their augmentation. "
                    + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--preview", paramLabel = "FILE.png",
            description = "Write a PNG grid of augmented training images (fine-tuning recipe: random resized "
                    + "crop [0.8, 1], flip, AutoAugment) captioned with their class.")
    Path preview;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "16",
            description = "Images in the preview grid. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--image-size", paramLabel = "N", defaultValue = "36",
            description = "Side of the augmented images, as the model would see them (mLiT: 36, Mobile V-MoE: "
                    + "224). Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--auto-augment", paramLabel = "POLICY",
            description = "AutoAugment policy for --preview and --bench: cifar10, svhn or none. Default: svhn "
                    + "for the svhn dataset, cifar10 otherwise.")
    AutoAugmentPolicy autoAugment;

    @Option(names = "--bench", description = "Measure augmented training images per second through the "
            + "batch loader (augmentation + normalisation, no model).")
    boolean bench;

    @Option(names = "--bench-seconds", paramLabel = "S", defaultValue = "5",
            description = "How long --bench measures. Default: ${DEFAULT-VALUE}.")
    double benchSeconds;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "Batch size for --bench. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--workers", paramLabel = "W",
            description = "Loader threads for --bench. Default: one per processor.")
    Integer workers;

    @Spec
    CommandSpec spec;

    /** Images decoded per split to find sizes of lazily decoded datasets. */
    static final int SIZE_SAMPLE = 8;
    @Override
    public Integer call() throws Exception {
        validate();
        double fraction = valFraction != null ? valFraction : Recipes.get(Recipes.DEFAULT).valFraction();
        Dataset raw = Datasets.openRaw(data);
        Dataset ds = Datasets.withValidation(raw, fraction, seed);
        // where the validation split comes from: "own" (the dataset's), "carved" (from train) or "none"
        String valOrigin = raw.val().size() > 0 ? "own" : ds.val().size() > 0 ? "carved" : "none";
        Map<String, SplitSummary> splits = new LinkedHashMap<>();
        splits.put("train", SplitSummary.of(ds.train(), ds.numClasses(), SIZE_SAMPLE));
        splits.put("val", SplitSummary.of(ds.val(), ds.numClasses(), SIZE_SAMPLE));
        splits.put("test", SplitSummary.of(ds.test(), ds.numClasses(), SIZE_SAMPLE));

        AutoAugmentPolicy policy = policy(ds);
        int channels = channels(splits.get("train"));
        List<String> previewCaptions = null;
        if (preview != null) {
            previewCaptions = writePreview(ds, policy, channels);
        }
        LoaderBench.Result benchResult = null;
        int benchWorkers = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (bench) {
            if (ds.train().size() == 0) {
                throw new ParameterException(spec.commandLine(), "--bench: the training split is empty");
            }
            Pipeline pipeline = Pipeline.train(AugmentConfig.finetune(imageSize, channels, policy));
            benchResult = LoaderBench.run(ds.train(), pipeline, batchSize, benchWorkers, 0, benchSeconds, seed);
        }

        PrintWriter out = spec.commandLine().getOut();
        DatasetReport report = new DatasetReport(data, ds, valOrigin, splits, fraction, seed);
        if (json) {
            ObjectNode root = report.toJson();
            if (previewCaptions != null) {
                root.putObject("preview").put("file", preview.toString()).put("images", previewCaptions.size())
                        .put("imageSize", imageSize).put("autoAugment", policy.name().toLowerCase(Locale.ROOT));
            }
            if (benchResult != null) {
                root.putObject("bench").put("imagesPerSecond", benchResult.imagesPerSecond())
                        .put("images", benchResult.images()).put("seconds", benchResult.seconds())
                        .put("workers", benchResult.workers()).put("batchSize", batchSize).put("imageSize", imageSize)
                        .put("autoAugment", policy.name().toLowerCase(Locale.ROOT));
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            report.print(out);
            if (previewCaptions != null) {
                out.printf("preview: %d augmented training images (%dx%d, AutoAugment %s) written to %s%n",
                        previewCaptions.size(), imageSize, imageSize, policy.name().toLowerCase(Locale.ROOT), preview);
            }
            if (benchResult != null) {
                out.printf(Locale.ROOT, "bench: %.0f augmented images/s (%d images in %.1f s, %d workers, batch %d, "
                                + "%dx%d, AutoAugment %s)%n", benchResult.imagesPerSecond(), benchResult.images(),
                        benchResult.seconds(), benchResult.workers(), batchSize, imageSize, imageSize,
                        policy.name().toLowerCase(Locale.ROOT));
            }
        }
        out.flush();
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (valFraction != null && !(valFraction >= 0 && valFraction < 1)) {
            throw new ParameterException(cl, "--val-fraction must be in [0, 1), got " + valFraction);
        }
        if (imageSize < 1) {
            throw new ParameterException(cl, "--image-size must be positive, got " + imageSize);
        }
        if (samples < 1) {
            throw new ParameterException(cl, "--samples must be positive, got " + samples);
        }
        if (batchSize < 1) {
            throw new ParameterException(cl, "--batch-size must be positive, got " + batchSize);
        }
        if (workers != null && workers < 0) {
            throw new ParameterException(cl, "--workers must be >= 0, got " + workers);
        }
        if (!(benchSeconds > 0)) {
            throw new ParameterException(cl, "--bench-seconds must be positive, got " + benchSeconds);
        }
    }

    private AutoAugmentPolicy policy(Dataset ds) {
        if (autoAugment != null) {
            return autoAugment;
        }
        return ds.name().equals("svhn") ? AutoAugmentPolicy.SVHN : AutoAugmentPolicy.CIFAR10;
    }

    /** 3 if any sampled training image is in colour, else 1. */
    private static int channels(SplitSummary train) {
        int c = 1;
        for (int ch : train.channels()) {
            c = Math.max(c, ch);
        }
        return c >= 3 ? 3 : 1;
    }

    /** Augments {@code samples} random training images and writes the grid; returns the captions. */
    private List<String> writePreview(Dataset ds, AutoAugmentPolicy policy, int channels) {
        ImageSource train = ds.train();
        if (train.size() == 0) {
            throw new ParameterException(spec.commandLine(), "--preview: the training split is empty");
        }
        Pipeline pipeline = Pipeline.train(AugmentConfig.finetune(imageSize, channels, policy));
        Random random = new Random(seed);
        int[] order = Shuffle.permutation(train.size(), random);
        List<Image> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int k = 0; k < Math.min(samples, train.size()); k++) {
            int i = order[k];
            images.add(pipeline.augment(train.image(i), random));
            int label = train.label(i);
            captions.add(label + " " + ds.classNames().get(label));
        }
        int scale = Math.max(1, Math.round(96f / imageSize));
        PreviewGrid.write(preview, images, captions, scale);
        return captions;
    }

}
