package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.ImageSources;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.MLiT;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.io.SafeTensors;

/** A tiny mLiT trained on the built-in Fashion-MNIST sample: resuming after a crash changes nothing. */
class TrainingRunTest {
    /** mLiT-XXS on 12×12 inputs (16 patches) so that a step takes milliseconds. */
    static final ModelSpec TINY = new ModelSpec("mlit-xxs", null, 12, 3, 1, null, null, null, null);
    static final TrainConfig SHORT = Recipes.get("quick").with(Map.of("epochs", 3, "batchSize", 16, "trainImages", 64,
            "valFraction", 0.01, "warmupEpochs", 1.0, "workers", 2));

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidEpochAndResumedEndsWithTheSameWeights() throws IOException {
        Path whole = dir.resolve("whole");
        train(TrainingRun.start(whole, TINY, "fashion-mnist-sample", "quick", SHORT), null);

        Path killed = dir.resolve("killed");
        TrainingRun interrupted = TrainingRun.start(killed, TINY, "fashion-mnist-sample", "quick", SHORT);
        assertThatThrownBy(() -> train(interrupted, new CrashAt(1, 2))).hasMessage("killed");
        assertThat(killed.resolve("model.safetensors")).doesNotExist();
        train(TrainingRun.resume(killed), null);

        assertSameWeights(whole.resolve("model.safetensors"), killed.resolve("model.safetensors"));
        assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(3);
        assertThat(killed.resolve("curves.png")).exists();
    }

    @Test
    void aSuperClassMapWhoseGroupCountIsNotTheExpertCountIsRefused() throws IOException {
        Path map = dir.resolve("two-groups.json");
        var classes = Datasets.open("fashion-mnist-sample", 0, 0).classNames();
        org.vmoe4j.eval.SuperClassMap.write(map, org.vmoe4j.eval.SuperClassMap.random(10, 2, 0), classes);
        ModelSpec threeExperts = new ModelSpec("mvmoe-6x64", null, 8, 4, null, 3, null, null, null);
        assertThatThrownBy(() -> TrainingRun.start(dir.resolve("moe"), threeExperts, "fashion-mnist-sample", "quick",
                SHORT.with(Map.of("superclasses", map.toString())))).isInstanceOf(UserError.class)
                .hasMessageContaining("has 2 groups but the model has 3 experts");
    }

    @Test
    void aNewRunRefusesADirectoryThatHoldsOne() throws IOException {
        Path run = dir.resolve("run");
        TrainingRun first = TrainingRun.start(run, TINY, "fashion-mnist-sample", "quick", SHORT.with(Map.of("epochs", 1)));
        train(first, null);
        assertThatThrownBy(() -> TrainingRun.start(run, TINY, "fashion-mnist-sample", "quick", SHORT))
                .isInstanceOf(UserError.class).hasMessageContaining("--resume");
    }

    @Test
    void aNaNLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("nan"));
        run.create();
        Dataset data = Datasets.open("fashion-mnist-sample", 0, 0);
        try (NDManager manager = NDManager.newBaseManager();
             MLiT model = new MLiT((MlitConfig) TINY.withClasses(10).resolve(), manager, 0)) {
            Trainer.Listener poisonAfterFirstEpoch = new CrashAt(-1, -1) {
                @Override
                public void epochDone(EpochMetrics metrics) {
                    model.parameters().parameters().get("head.weight").muli(Float.NaN);
                }
            };
            Pipeline pipeline = TrainingRun.evalPipeline(model.config());
            Objective objective = new ClassifierObjective(model, 10, null, SHORT, pipeline);
            Trainer trainer = new Trainer(model, objective, SHORT, run, poisonAfterFirstEpoch);
            ImageSource train = ImageSources.subset(data.train(), java.util.stream.IntStream.range(0, 32).toArray());
            assertThatThrownBy(() -> trainer.train(train, pipeline, ImageSources.empty()))
                    .isInstanceOf(UserError.class).hasMessageContaining("diverged").hasMessageContaining("epoch 2");
        }
        assertThat(SafeTensors.metadata(run.file("checkpoint.safetensors"))).containsEntry("epochsDone", "1");
        assertThat(run.readMetrics(Integer.MAX_VALUE)).hasSize(1);
    }

    private static void train(TrainingRun run, Trainer.Listener listener) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            run.train(manager, listener != null ? listener : new CrashAt(-1, -1));
        }
    }

    private static void assertSameWeights(Path expected, Path actual) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> a = SafeTensors.read(expected, manager);
            Map<String, NDArray> b = SafeTensors.read(actual, manager);
            assertThat(b.keySet()).isEqualTo(a.keySet());
            a.forEach((name, value) -> assertThat(b.get(name).toFloatArray()).as(name)
                    .containsExactly(value.toFloatArray(), within(1e-5f)));
        }
    }

    /** Throws like a kill in the middle of epoch {@code epoch} (0-based) after {@code batches} batches. */
    private static class CrashAt implements Trainer.Listener {
        private final int epoch;
        private final int batches;
        private int current;
        private int done;

        CrashAt(int epoch, int batches) {
            this.epoch = epoch;
            this.batches = batches;
        }

        @Override
        public void epochStarted(int e, int total, int start) {
            current = e;
            done = 0;
        }

        @Override
        public void batchDone(StepStats running) {
            if (current == epoch && ++done == batches) {
                throw new IllegalStateException("killed");
            }
        }

        @Override
        public void epochDone(EpochMetrics metrics) {
        }
    }
}
