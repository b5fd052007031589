package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.study.Ablation;
import org.vmoe4j.study.Study;
import org.vmoe4j.study.StudyPlan;
import org.vmoe4j.study.StudyProgress;
import org.vmoe4j.study.StudyResult;
import org.vmoe4j.study.StudySetup;
import org.vmoe4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j study}: MV's dense-vs-MoE comparison or one of the papers' ablations as one resumable job. */
@Command(name = "study", header = "Dense ViTs vs Mobile V-MoEs (MV Fig. 1), or an ablation (MV Fig. 3b-e, ML Table 9); resumable.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Without --ablation: Mobile V-MoE's whole procedure for several model sizes with one schedule:",
            "train each dense ViT, discover E super-classes from its validation confusions (as 'superclasses'",
            "does), train the Mobile V-MoE of the same depth and width with its router supervised by them, and",
            "evaluate everything on the test split. An mvmoe-DxW listed without its vit-DxW gets it added.", "",
            "With --ablation, the arms of one of the papers' ablations around --model:",
            "  fig3b   E in --values (5,10,20), super-classes discovered for each E from the dense twin",
            "  fig3c   L in --values (1,2,4,8) MoE layers",
            "  fig3d   k in --values (1,2,3) experts per image, each against the dense twin whose last L MLPs",
            "          are k times wider (--dense-k k: the same FLOPs)",
            "  fig3e   at k = 2: dense (MLP x2), super-class, random super-class, learned per image, learned",
            "          per token (regular V-MoE), with the parameters each activates per image",
            "  table9  mLiT's three expert-sharing variants v-w2, v-w, w-w2 (--model mlit-*)", "",
            "DIR gets study.json (the plan), one run directory per arm, superclasses-DENSE-eE.json,",
            "results.csv (model, setting, series, params, active and activated params, FLOPs, top-1, router",
            "accuracy, train seconds) and a chart: accuracy-vs-flops.png, or ABLATION.png with grouped bars.",
            "Rerun the same command, or --resume DIR, to continue a killed study: finished arms are not trained",
            "again.", "",
            "Examples:",
            "  vmoe4j study --out runs/study",
            "  vmoe4j study --models vit-6x64,mvmoe-6x64,vit-9x96,mvmoe-9x96 --epochs 3 --train-images 0 --out runs/study",
            "  vmoe4j study --ablation fig3e --model mvmoe-6x64 --epochs 6 --train-images 0 --out runs/fig3e",
            "  vmoe4j study --ablation table9 --model mlit-xxs --epochs 6 --out runs/table9",
            "  vmoe4j study --resume runs/study"})
public final class StudyCommand implements Callable<Integer> {
    private static final int VIT_IMAGE_SIZE = 32;
    private static final int VIT_PATCH_SIZE = 4;

    @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "vit-6x64,mvmoe-6x64,vit-6x96,mvmoe-6x96",
            description = "Without --ablation: comma-separated vit-DxW, mvmoe-DxW or deit-ti presets (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--ablation", paramLabel = "NAME", description = "fig3b, fig3c, fig3d, fig3e or table9 (see above).")
    Ablation ablation;

    @Option(names = "--model", paramLabel = "NAME",
            description = "With --ablation: the model it varies (default: mvmoe-12x192, MV's DeiT-Ti/16 at the study's "
                    + "input; mlit-xxs for table9).")
    String model;

    @Option(names = "--values", paramLabel = "LIST", split = ",",
            description = "With --ablation fig3b, fig3c or fig3d: the E, L or k to try instead of the paper's.")
    List<Integer> values = List.of();

    @Option(names = "--image-size", paramLabel = "PX",
            description = "Input side of every model (default: 32 for ViT-family models, for 28-32 px data; mLiT's preset).")
    Integer imageSize;

    @Option(names = "--patch-size", paramLabel = "PX",
            description = "Patch side of every model (default: 4 for ViT-family models; mLiT's preset).")
    Integer patchSize;

    @Option(names = "--experts", paramLabel = "E", defaultValue = "5",
            description = "Experts of each Mobile V-MoE = super-classes to discover (default: ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--k", paramLabel = "K", description = "Experts per image of every Mobile V-MoE (preset: 1; fig3e: 2).")
    Integer k;

    @Option(names = "--dense-k", paramLabel = "K",
            description = "Without --ablation: the MLP factor of every dense ViT's last L blocks (FLOP-matched to --k K).")
    Integer denseK;

    @Option(names = "--moe-layers", paramLabel = "L", description = "MoE layers of every Mobile V-MoE (preset: 2).")
    Integer moeLayers;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = Recipes.DEFAULT,
            description = "The recipe every model trains with (default: ${DEFAULT-VALUE}); mv picks DeiT's or ViT's by "
                    + "each model's width; see 'train --help'.")
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
                : Study.open(runOptions.runDirectory(ablation == null ? "study" : ablation.word()), plan(), progress);
        List<StudyResult> results = study.run();
        out.printf("%-28s %-30s %10s %10s %10s %9s %7s %7s%n", "model", "setting", "params", "active", "activated",
                "MFLOPs", "top-1", "router");
        for (StudyResult r : results) {
            out.printf("%-28s %-30s %,10d %,10d %,10.0f %9.1f %6.2f%% %7s%n", r.model(), r.setting(), r.params(),
                    r.activeParams(), r.activatedParams(), r.flops() / 1e6, 100 * r.top1(),
                    Double.isNaN(r.routerAccuracy()) ? "-" : String.format("%.2f%%", 100 * r.routerAccuracy()));
        }
        out.println("results: " + study.directory().resolve("results.csv") + ", chart: " + study.chart());
        out.flush();
        return 0;
    }

    private StudyPlan plan() {
        if (ablation == null) {
            if (model != null || !values.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--model and --values go with --ablation; compare "
                        + "presets with --models");
            }
            return StudyPlan.comparing(models, runOptions.data, recipe, setup(false), k, denseK, moeLayers);
        }
        if (denseK != null || spec.commandLine().getParseResult().hasMatchedOption("--models")) {
            throw new ParameterException(spec.commandLine(), "--ablation " + ablation.word() + " chooses its models "
                    + "and dense baselines around --model; --models and --dense-k do not apply");
        }
        String base = model != null ? model : ablation == Ablation.TABLE9 ? "mlit-xxs" : "mvmoe-12x192";
        if (!ModelPresets.names().contains(base)) {
            throw new ParameterException(spec.commandLine(), "unknown model '" + base + "' for --model; known models: "
                    + String.join(", ", ModelPresets.names()));
        }
        boolean mlit = ModelPresets.get(base).family() == Family.MLIT;
        ModelSpec spec = new ModelSpec.Builder(base).k(k).moeLayers(moeLayers).build();
        return new StudyPlan(ablation.word(), runOptions.data, recipe, ablation.arms(spec, values, setup(mlit)));
    }

    /** The study's input and experts, and each model's schedule: the recipe for its width with the options applied. */
    private StudySetup setup(boolean presetInput) {
        return new StudySetup(imageSize != null || presetInput ? imageSize : Integer.valueOf(VIT_IMAGE_SIZE),
                patchSize != null || presetInput ? patchSize : Integer.valueOf(VIT_PATCH_SIZE), experts,
                model -> training.resolve(recipe, resolve(model)));
    }

    private ModelConfig resolve(ModelSpec model) {
        try {
            return model.resolve();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model " + model.preset() + ": " + e.getMessage());
        }
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
