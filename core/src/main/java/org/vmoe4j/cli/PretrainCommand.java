package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelPreset;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j pretrain}: mmLiT's masked auto-encoder pre-training (SPEC §4). */
@Command(name = "pretrain", header = "Pre-train an mmLiT masked auto-encoder; resumable.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Masked auto-encoder pre-training of an mLiT encoder (ML 2.2, Table 3): 75%% of each image's",
            "patches hidden, loss MSE_masked + 0.1 MSE_unmasked + 0.5 L_moe on normalised pixels. The run",
            "directory is that of 'train' plus reconstructions.png (original, masked, reconstructed validation",
            "images, redrawn every epoch). Fine-tune with 'train --model mlit-... --init RUN_DIR'.", "",
            "Examples:", "  vmoe4j pretrain --model mmlit-xxs --data cifar100:~/data/cifar-100-binary --out runs/mae",
            "  vmoe4j train --model mlit-xxs --init runs/mae --recipe ml-finetune --data cifar100:~/data/cifar-100-binary"})
public final class PretrainCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = "ml-pretrain",
            description = "Recipe (default: ${DEFAULT-VALUE}, ML Table 3); options below override it.")
    String recipe;

    @Mixin
    TrainingOptions training;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingRun run = runOptions.resume != null ? TrainingRun.resume(runOptions.resume)
                : TrainingRun.start(runOptions.runDirectory(autoencoder().preset()), autoencoder(), runOptions.data,
                        recipe, schedule(), null);
        out.printf("run %s: %s pre-training on %s (%d train / %d val images)%n", run.directory().path(),
                run.config().preset(), run.data().name(), run.data().train().size(), run.data().val().size());
        out.flush();
        run.train(new ProgressListener(out, run.config().train().epochs()), devices.forTraining());
        out.printf("encoder weights: %s%n", run.directory().file(RunDirectory.WEIGHTS));
        out.flush();
        return 0;
    }

    /** The recipe with the options applied; the classifier's target regularisers are refused. */
    private TrainConfig schedule() {
        TrainConfig train = training.resolve(recipe, modelOptions.resolve(autoencoder()));
        if (train.labelSmoothing() > 0 || train.mixup() > 0 || train.cutmix() > 0) {
            throw new ParameterException(spec.commandLine(), "--label-smoothing, --mixup and --cutmix act on class "
                    + "targets; MAE pre-training has none");
        }
        return train;
    }

    /** The auto-encoder to pre-train: mmlit-X, also when the classifier mlit-X is named. */
    private ModelSpec autoencoder() {
        modelOptions.resolve(); // usage errors first
        ModelSpec named = modelOptions.spec();
        ModelPreset entry = named.entry();
        if (entry.family() != Family.MLIT && entry.family() != Family.MMLIT) {
            throw new ParameterException(this.spec.commandLine(), "pretrain needs an mmlit-* (or mlit-*) model, got "
                    + named.preset());
        }
        return entry.family() == Family.MLIT ? new ModelSpec.Builder(entry.twin()).classes(named.classes())
                .input(named.imageSize(), named.patchSize(), named.channels()).build() : named;
    }
}
