package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.run.StartFrom;
import org.vmoe4j.run.TrainedRun;
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
            "  vmoe4j train --model mvmoe-6x64 --image-size 32 --patch-size 4 --superclasses groups.json --upcycle runs/vit",
            "  vmoe4j train --resume runs/c100"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--init", paramLabel = "RUN_DIR|FILE",
            description = "Start from pre-trained weights (a run directory or a safetensors file, e.g. an mmLiT "
                    + "encoder): every parameter but the head is loaded; a model of another size is refused.")
    Path init;

    @Option(names = "--upcycle", paramLabel = "DENSE_RUN|FILE",
            description = "Sparse upcycling: start a Mobile V-MoE (or V-MoE) from a trained dense ViT of the same depth and "
                    + "width (a run directory or a timm-named safetensors file): every tensor copied, each MoE block's "
                    + "experts copies of that block's MLP, the router fresh, gates renormalised (--no-renormalize-gates "
                    + "for MV's); a dense --model continues the dense ViT. Another shape is refused naming the tensor.")
    Path upcycle;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = Recipes.DEFAULT,
            description = "Training recipe (default: ${DEFAULT-VALUE}): quick, ml-cifar100, ml-cifar10, ml-svhn, ml-flowers102 "
                    + "(ML Table 6), ml-finetune (Table 4), ml-transfer-* (Table 5), deit (DeiT's), vit (the ViT "
                    + "paper's), mv (MV 3.1: deit for widths >= 192, vit below).")
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
                : TrainingRun.start(runOptions.runDirectory(modelOptions.spec().preset()),
                        modelSpecForData(), runOptions.data, recipe, training.resolve(recipe, modelOptions.resolve()),
                        startFrom());
        out.printf("run %s: %s on %s (%d train / %d val / %d test images)%n", run.directory().path(),
                run.config().preset(), run.data().name(), run.data().train().size(), run.data().val().size(),
                run.data().test().size());
        out.flush();
        run.train(new ProgressListener(out, run.config().train().epochs()), devices.forTraining());
        EvalResult test;
        try (var bar = ProgressListener.bar("test", run.data().test().size())) {
            test = RunEvaluator.evaluate(TrainedRun.open(run.directory().path()), run.data().test(), bar::stepTo);
        }
        out.printf("test accuracy: %.2f%% top-1, %.2f%% top-5 on %d images%s%n", 100 * test.top1(), 100 * test.top5(),
                test.images(), Double.isNaN(test.routerAccuracy()) ? ""
                        : String.format(", router accuracy %.2f%%", 100 * test.routerAccuracy()));
        out.flush();
        return 0;
    }

    private ModelSpec modelSpecForData() {
        modelOptions.resolve(); // a usage error now rather than after the data is read
        ModelSpec spec = modelOptions.spec();
        if (spec.entry().family() == Family.MMLIT) {
            throw new ParameterException(this.spec.commandLine(), spec.preset() + " is a masked auto-encoder: pre-train"
                    + " it with 'vmoe4j pretrain', or train " + spec.entry().twin() + " instead");
        }
        boolean upcycledMoe = upcycle != null && spec.entry().family() == Family.MOBILE_VMOE;
        return upcycledMoe && spec.renormalizeGates() == null ? spec.toBuilder().renormalizeGates(true).build() : spec;
    }

    private StartFrom startFrom() {
        if (init != null && upcycle != null) {
            throw new ParameterException(spec.commandLine(), "--init and --upcycle both say where the weights come from;"
                    + " give one");
        }
        return init != null ? StartFrom.pretrained(init) : upcycle != null ? StartFrom.upcycled(upcycle) : null;
    }
}
