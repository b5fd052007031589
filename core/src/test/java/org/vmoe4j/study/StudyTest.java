package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.eval.SuperClassDiscovery;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.train.StepStats;
import org.vmoe4j.train.Trainer;

/** A tiny study on the built-in Fashion-MNIST sample: the whole pipeline, killed in the middle and continued. */
class StudyTest {
    private static final TrainConfig SCHEDULE = Recipes.get("quick").toBuilder().epochs(1).batchSize(16)
            .trainImages(64).valFraction(0.05).warmupEpochs(0.5).workers(2).build();
    private static final StudySetup SETUP = new StudySetup(8, 4, 2, model -> SCHEDULE);
    private static final StudyPlan TINY = StudyPlan.comparing(List.of("mvmoe-6x64"), "fashion-mnist-sample", "quick",
            SETUP, null, null, null);

    @TempDir
    Path dir;

    @Test
    void aKilledStudyContinuesWithoutRetrainingFinishedModels() throws IOException {
        Recording killing = new Recording("mvmoe-6x64");
        assertThatThrownBy(() -> run(Study.open(dir, TINY, killing))).hasMessage("killed");
        assertThat(killing.trained).containsExactly("vit-6x64", "mvmoe-6x64");
        FileTime denseDone = Files.getLastModifiedTime(dir.resolve("vit-6x64/result.json"));

        Recording resumed = new Recording(null);
        List<StudyResult> results = run(Study.resume(dir, resumed));

        assertThat(resumed.trained).containsExactly("mvmoe-6x64");
        assertThat(Files.getLastModifiedTime(dir.resolve("vit-6x64/result.json"))).isEqualTo(denseDone);
        assertThat(results).extracting(StudyResult::model).containsExactly("vit-6x64", "mvmoe-6x64");
        StudyResult dense = results.get(0);
        StudyResult moe = results.get(1);
        assertRecomputable(dense, "dense ViT");
        assertRecomputable(moe, "Mobile V-MoE");
        assertThat(dense.routerAccuracy()).isNaN();
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(StudyResult.CSV_HEADER,
                dense.csvLine(), moe.csvLine());
        assertThat(dir.resolve("accuracy-vs-flops.png")).isNotEmptyFile();
        // the Mobile V-MoE trained on the super-classes discovered from its dense twin's validation confusions
        TrainedRun denseRun = TrainedRun.open(dir.resolve("vit-6x64"));
        EvalResult val = RunEvaluator.evaluate(denseRun, denseRun.data().val(), done -> { });
        var classes = denseRun.classNames();
        SuperClasses discovered = SuperClassDiscovery.discover(val.confusion(), 2, SCHEDULE.seed());
        assertThat(SuperClassMap.read(dir.resolve("superclasses-vit-6x64-e2.json"), classes)).isEqualTo(discovered);
        assertThat(SuperClassMap.read(dir.resolve("mvmoe-6x64/superclasses.json"), classes)).isEqualTo(discovered);
    }

    /** A row of results.csv equals what eval and inspect say of the model's run, and its training time is logged. */
    private void assertRecomputable(StudyResult row, String family) {
        TrainedRun run = TrainedRun.open(dir.resolve(row.model()));
        EvalResult test = RunEvaluator.evaluate(run, run.data().test(), done -> { });
        assertThat(row.series()).isEqualTo(family);
        assertThat(row.top1()).isEqualTo(test.top1());
        assertThat(Double.valueOf(row.routerAccuracy())).isEqualTo(Double.valueOf(test.routerAccuracy())); // NaN: dense
        // per-image routing: every image activates exactly its k experts, so measured = by construction
        assertThat(row.activatedParams()).isEqualTo((double) row.activeParams());
        ModelSpec spec = TINY.arms().stream().filter(a -> a.name().equals(row.model())).findFirst().orElseThrow().model();
        try (Model model = Models.build(spec.withClasses(10).resolve(), 0)) {
            Cost cost = model.totalCost();
            assertThat(List.of(row.params(), row.activeParams(), row.flops()))
                    .containsExactly(cost.params(), cost.activeParams(), cost.flops());
        }
        assertThat(row.trainSeconds()).isEqualTo(run.directory().readMetrics().stream()
                .mapToDouble(EpochMetrics::seconds).sum());
    }

    @Test
    void aStudyDirectoryRefusesAnotherPlan() throws IOException {
        Study.open(dir, TINY, new Recording(null));
        StudyPlan other = StudyPlan.comparing(List.of("vit-6x64"), TINY.data(), TINY.recipe(), SETUP, null, null, null);
        assertThatThrownBy(() -> Study.open(dir, other, new Recording(null))).isInstanceOf(UserError.class)
                .hasMessageContaining("--resume");
        assertThat(Study.open(dir, TINY, new Recording(null)).plan()).isEqualTo(TINY);
    }

    /** The ablation machinery end to end on two models: MV Fig. 3b at E = 2 (the dense twin and one Mobile V-MoE). */
    @Test
    void anAblationTrainsItsArmsAndWritesItsTableAndChart() throws IOException {
        StudyPlan fig3b = new StudyPlan("fig3b", "fashion-mnist-sample", "quick",
                Ablation.FIG3B.arms(ModelSpec.of("mvmoe-6x64"), List.of(2), SETUP));
        Study study = Study.open(dir, fig3b, new Recording(null));
        List<StudyResult> results = study.run();
        assertThat(results).extracting(StudyResult::model).containsExactly("vit-6x64", "mvmoe-6x64-e2");
        assertThat(results).extracting(StudyResult::setting).containsExactly("dense", "E=2");
        assertThat(results.get(1).routerAccuracy()).isBetween(0.0, 1.0);
        assertThat(dir.resolve("superclasses-vit-6x64-e2.json")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(StudyResult.CSV_HEADER,
                results.get(0).csvLine(), results.get(1).csvLine());
        assertThat(study.chart()).isEqualTo(dir.resolve("fig3b.png"));
        java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(study.chart().toFile());
        assertThat(chart.getWidth()).isEqualTo(900);
        assertThat(Study.resume(dir, new Recording(null)).plan()).isEqualTo(fig3b);
    }

    private static List<StudyResult> run(Study study) throws IOException {
        return study.run();
    }

    /** Records which models trained; throws at the first batch of one model, as a kill would stop it. */
    private static final class Recording implements StudyProgress {
        final List<String> trained = new ArrayList<>();
        private final String killAt;

        Recording(String killAt) {
            this.killAt = killAt;
        }

        @Override
        public Trainer.Listener training(String model, int epochs) {
            trained.add(model);
            return new Trainer.Listener() {
                @Override
                public void epochStarted(int epoch, int batches) {
                }

                @Override
                public void batchDone(StepStats running) {
                    if (model.equals(killAt)) {
                        throw new IllegalStateException("killed");
                    }
                }

                @Override
                public void epochDone(EpochMetrics metrics) {
                }
            };
        }

        @Override
        public <T> T evaluating(String label, int images, Function<IntConsumer, T> work) {
            return work.apply(done -> { });
        }

        @Override
        public void say(String line) {
        }
    }
}
