package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.study.Study;
import org.vmoe4j.study.StudyPlan;
import org.vmoe4j.study.StudyProgress;
import org.vmoe4j.study.StudyResult;
import org.vmoe4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j study}: MV's dense-vs-MoE accuracy/FLOPs comparison as one resumable job. */
@Command(name = "study", header = "Dense ViTs vs Mobile V-MoEs: accuracy against FLOPs (MV Fig. 1); resumable.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Mobile V-MoE's whole procedure for several model sizes with one schedule: train each",
            "dense ViT, discover E super-classes from its validation confusions (as 'superclasses' does),",
            "train the Mobile V-MoE of the same depth and width with its router supervised by them, and",
            "evaluate everything on the test split. An mvmoe-DxW listed without its vit-DxW gets it added.", "",
            "DIR gets study.json (the plan), one run directory per model, superclasses-vit-DxW.json,",
            "results.csv (model, family, params, active params, FLOPs, top-1, router accuracy, train seconds)",
            "and accuracy-vs-flops.png. Rerun the same command, or --resume DIR, to continue a killed",
            "study: finished models are not trained again.", "",
            "Examples:",
            "  vmoe4j study --out runs/study",
            "  vmoe4j study --models vit-6x64,mvmoe-6x64,vit-9x96,mvmoe-9x96 --epochs 3 --train-images 0 --out runs/study",
            "  vmoe4j study --resume runs/study"})
public final class StudyCommand implements Callable<Integer> {
    @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "vit-6x64,mvmoe-6x64,vit-6x96,mvmoe-6x96",
            description = "Comma-separated vit-DxW, mvmoe-DxW or deit-ti presets (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
            description = "Input side of every model (default: ${DEFAULT-VALUE}, for 28-32 px data).")
    int imageSize;

    @Option(names = "--patch-size", paramLabel = "PX", defaultValue = "4", description = "Patch side of every model (default: ${DEFAULT-VALUE}).")
    int patchSize;

    @Option(names = "--experts", paramLabel = "E", defaultValue = "5",
            description = "Experts of each Mobile V-MoE = super-classes to discover (default: ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = Recipes.DEFAULT,
            description = "The schedule every model trains with (default: ${DEFAULT-VALUE}); see 'train --help'.")
    String recipe;

    @Mixin
    RunOptions runOptions;

    @Mixin
    TrainingOptions training;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(out);
        Study study = runOptions.resume != null ? Study.resume(runOptions.resume, progress)
                : Study.open(runOptions.runDirectory("study"), new StudyPlan(models, runOptions.data, recipe,
                        training.resolve(recipe, org.vmoe4j.config.ModelPresets.get(models.get(0)).config()), imageSize, patchSize, experts), progress);
        List<StudyResult> results = study.run();
        out.printf("%-12s %-13s %10s %10s %9s %7s %7s%n", "model", "family", "params", "active", "MFLOPs", "top-1", "router");
        for (StudyResult r : results) {
            out.printf("%-12s %-13s %,10d %,10d %9.1f %6.2f%% %7s%n", r.model(), r.family(), r.params(), r.activeParams(),
                    r.flops() / 1e6, 100 * r.top1(),
                    Double.isNaN(r.routerAccuracy()) ? "-" : String.format("%.2f%%", 100 * r.routerAccuracy()));
        }
        out.println("results: " + study.directory().resolve("results.csv") + ", chart: "
                + study.directory().resolve("accuracy-vs-flops.png"));
        out.flush();
        return 0;
    }

    /** Progress bars for training and evaluation; lines straight to the output. */
    private record Progress(PrintWriter out) implements StudyProgress {
        @Override
        public Trainer.Listener training(String model, int epochs) {
            return new ProgressListener(out, epochs);
        }

        @Override
        public <T> T evaluating(String label, int images, Function<IntConsumer, T> work) {
            try (var bar = ProgressListener.bar(label, images)) {
                return work.apply(bar::stepTo);
            }
        }

        @Override
        public void say(String line) {
            out.println(line);
            out.flush();
        }
    }
}
