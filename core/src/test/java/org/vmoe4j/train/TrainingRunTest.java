package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.BatchMixing;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.ImageSources;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.eval.RunInference;
import org.vmoe4j.io.SafeTensors;
import org.vmoe4j.model.MLiT;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.run.TrainedRun;

/** A tiny mLiT trained on the built-in Fashion-MNIST sample: a run killed with SIGKILL and resumed changes nothing. */
class TrainingRunTest {
    /** mLiT-XXS on 12×12 one-channel inputs (16 patches) so that a step takes milliseconds. */
    static final ModelSpec TINY = new ModelSpec.Builder("mlit-xxs").input(12, 3, 1).build();
    static final TrainConfig SHORT = Recipes.get("quick").toBuilder().epochs(3).batchSize(16).trainImages(64)
            .valFraction(0.01).warmupEpochs(1.0).workers(2).build();

    @TempDir
    Path dir;

    /**
     * The real thing: {@code vmoe4j train} in its own JVM, killed with SIGKILL half-way through its second epoch (timed
     * from its first), then {@code --resume}d, ends with the weights of a run never stopped.
     */
    @Test
    void aTrainProcessKilledMidEpochAndResumedEndsWithTheSameWeights() throws Exception {
        TrainConfig config = SHORT.toBuilder().epochs(2).trainImages(960).build();
        Path whole = dir.resolve("whole");
        TrainingRun.start(whole, TINY, "fashion-mnist-sample", "quick", config, null).train(new QuietListener());

        Path killed = dir.resolve("killed");
        TrainProcess process = TrainProcess.start(killed, "--model", "mlit-xxs", "--image-size", "12", "--patch-size",
                "3", "--channels", "1", "--data", "fashion-mnist-sample", "--recipe", "quick", "--epochs", "2",
                "--batch-size", "16", "--train-images", "960", "--val-fraction", "0.01", "--warmup-epochs", "1",
                "--workers", "2");
        EpochMetrics first = process.awaitEpoch(1);
        Thread.sleep((long) (first.seconds() * 1000 / 2));
        process.kill();
        assertThat(SafeTensors.metadata(killed.resolve(RunDirectory.CHECKPOINT))).as("killed in epoch 2")
                .containsEntry("epochsDone", "1");
        assertThat(killed.resolve(RunDirectory.WEIGHTS)).doesNotExist();

        TrainingRun.resume(killed).train(new QuietListener());
        assertThat(new RunDirectory(killed).readConfig()).isEqualTo(new RunDirectory(whole).readConfig());
        assertSameWeights(whole.resolve(RunDirectory.WEIGHTS), killed.resolve(RunDirectory.WEIGHTS));
        assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(killed.resolve("curves.png")).exists();
    }

    /**
     * DeiT's regularisers all draw from the seed, the epoch and the step: a run with mixup, CutMix, label smoothing,
     * RandAugment, random erasing and stochastic depth, stopped in its second epoch and resumed, ends with the weights
     * of a run never stopped; and its training loss is not the plain one's (the regularisers act).
     */
    @Test
    void aDeitRegularisedRunStoppedAndResumedEndsWithTheSameWeights() {
        TrainConfig deit = SHORT.toBuilder().epochs(2).labelSmoothing(0.1).mixup(0.8).cutmix(1.0)
                .randAugment(org.vmoe4j.data.RandAugmentConfig.DEIT).randomErasing(0.25).dropPath(0.1)
                .normalization(Normalization.IMAGENET).build();
        Path whole = dir.resolve("whole");
        TrainingRun.start(whole, TINY, "fashion-mnist-sample", "deit", deit, null).train(new QuietListener());
        Path stopped = dir.resolve("stopped");
        TrainingRun first = TrainingRun.start(stopped, TINY, "fashion-mnist-sample", "deit", deit, null);
        assertThatThrownBy(() -> first.train(new QuietListener() {
            @Override
            public void epochStarted(int epoch, int batches) {
                if (epoch == 1) {
                    throw new IllegalStateException("stopped");
                }
            }
        })).hasMessage("stopped");
        TrainingRun.resume(stopped).train(new QuietListener());
        assertSameWeights(whole.resolve(RunDirectory.WEIGHTS), stopped.resolve(RunDirectory.WEIGHTS));
        // evaluation and export normalise as the run trained: ImageNet's statistics, one channel
        try (RunInference opened = RunInference.open(TrainedRun.open(whole), InferenceEngine.DJL, null, 1)) {
            assertThat(opened.inference().pipeline().config().mean())
                    .containsExactly(Normalization.IMAGENET.mean(1));
        }

        Path plain = dir.resolve("plain");
        TrainingRun.start(plain, TINY, "fashion-mnist-sample", "quick", SHORT.toBuilder().epochs(2).build(), null)
                .train(new QuietListener());
        assertThat(new RunDirectory(whole).readMetrics().get(0).loss())
                .isNotEqualTo(new RunDirectory(plain).readMetrics().get(0).loss());
    }

    @Test
    void aSuperClassMapWhoseGroupCountIsNotTheExpertCountIsRefused() {
        Path map = dir.resolve("two-groups.json");
        var classes = Datasets.open("fashion-mnist-sample", 0, 0).classNames();
        SuperClassMap.write(map, SuperClassMap.random(10, 2, 0), classes);
        ModelSpec threeExperts = new ModelSpec.Builder("mvmoe-6x64").input(8, 4, null).experts(3).build();
        assertThatThrownBy(() -> TrainingRun.start(dir.resolve("moe"), threeExperts, "fashion-mnist-sample", "quick",
                SHORT.toBuilder().superclasses(map.toString()).build(), null)).isInstanceOf(UserError.class)
                .hasMessageContaining("has 2 groups but the model has 3 experts");
        assertThat(dir.resolve("moe")).doesNotExist();
    }

    @Test
    void aNewRunRefusesADirectoryThatHoldsOne() {
        Path run = dir.resolve("run");
        TrainingRun.start(run, TINY, "fashion-mnist-sample", "quick", SHORT.toBuilder().epochs(1).build(), null)
                .train(new QuietListener());
        assertThatThrownBy(() -> TrainingRun.start(run, TINY, "fashion-mnist-sample", "quick", SHORT, null))
                .isInstanceOf(UserError.class).hasMessageContaining("--resume");
    }

    @Test
    void aNaNLossStopsTheRunAndKeepsTheLastGoodCheckpoint() {
        RunDirectory run = new RunDirectory(dir.resolve("nan"));
        run.create();
        Dataset data = Datasets.open("fashion-mnist-sample", 0, 0);
        try (MLiT model = new MLiT((MlitConfig) TINY.withClasses(10).resolve(), 0)) {
            Trainer.Listener poisonAfterFirstEpoch = new QuietListener() {
                @Override
                public void epochDone(EpochMetrics metrics) {
                    model.parameters().parameters().get("head.weight").muli(Float.NaN);
                }
            };
            Pipeline pipeline = Preprocessing.eval(model.config(), Normalization.HALF);
            Objective objective = new ClassifierObjective(model, 10, null, SHORT);
            Trainer trainer = new Trainer(model, objective, SHORT, run, poisonAfterFirstEpoch);
            ImageSource train = ImageSources.subset(data.train(), IntStream.range(0, 32).toArray());
            assertThatThrownBy(() -> trainer.train(train, pipeline, BatchMixing.NONE, ImageSources.empty()))
                    .isInstanceOf(UserError.class).hasMessageContaining("diverged").hasMessageContaining("epoch 2")
                    .hasMessageContaining("keeps the checkpoint of epoch 1");
        }
        assertThat(SafeTensors.metadata(run.file(RunDirectory.CHECKPOINT))).containsEntry("epochsDone", "1");
        assertThat(run.readMetrics()).hasSize(1);
    }

    static void assertSameWeights(Path expected, Path actual) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> a = SafeTensors.read(expected, manager);
            Map<String, NDArray> b = SafeTensors.read(actual, manager);
            assertThat(b.keySet()).isEqualTo(a.keySet());
            a.forEach((name, value) -> assertThat(b.get(name).toFloatArray()).as(name)
                    .containsExactly(value.toFloatArray(), within(1e-5f)));
        }
    }
}
