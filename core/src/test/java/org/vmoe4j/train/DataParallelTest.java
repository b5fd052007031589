package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.tensor.Devices;

/**
 * N replicas on the CPU device train as one model on the whole batch: after a few AdamW steps a dense ViT (no
 * dropout, no stochastic depth: every loss term is a per-image mean, so the shards' weighted gradients sum to the
 * whole batch's) has the same weights, to 1e-5, with 1, 2 or 3 replicas, and a data-parallel run resumes exactly.
 */
class DataParallelTest {
    /** A 6-block 64-wide ViT on 12×12 one-channel inputs (16 patches). */
    private static final ModelSpec VIT = new ModelSpec.Builder("vit-6x64").input(12, 3, 1).build();
    /** Two epochs of 4 steps of 16 images. */
    private static final TrainConfig CONFIG = TrainingRunTest.SHORT.toBuilder().epochs(2).dropPath(0).build();

    @TempDir
    Path dir;

    @Test
    void twoAndThreeReplicasEndWithTheWeightsOfOneOnTheWholeBatch() {
        Path one = train("one", 1);
        Path two = train("two", 2);
        Path three = train("three", 3); // shards of 6, 5 and 5 images
        TrainingRunTest.assertSameWeights(one.resolve(RunDirectory.WEIGHTS), two.resolve(RunDirectory.WEIGHTS));
        TrainingRunTest.assertSameWeights(one.resolve(RunDirectory.WEIGHTS), three.resolve(RunDirectory.WEIGHTS));
        assertThat(new RunDirectory(two).readMetrics().get(1).loss()).as("the loss the replicas report")
                .isCloseTo(new RunDirectory(one).readMetrics().get(1).loss(), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aDataParallelRunStoppedAfterItsFirstEpochAndResumedEndsWithTheSameWeights() {
        Path whole = train("whole", 2);
        Path stopped = dir.resolve("stopped");
        TrainingRun first = TrainingRun.start(stopped, VIT, "fashion-mnist-sample", "quick", CONFIG, null);
        assertThatThrownBy(() -> first.train(new QuietListener() {
            @Override
            public void epochStarted(int epoch, int batches) {
                if (epoch == 1) {
                    throw new IllegalStateException("stopped");
                }
            }
        }, cpus(2))).hasMessage("stopped");
        TrainingRun.resume(stopped).train(new QuietListener(), cpus(2));
        TrainingRunTest.assertSameWeights(whole.resolve(RunDirectory.WEIGHTS), stopped.resolve(RunDirectory.WEIGHTS));
    }

    private Path train(String name, int replicas) {
        Path run = dir.resolve(name);
        TrainingRun.start(run, VIT, "fashion-mnist-sample", "quick", CONFIG, null)
                .train(new QuietListener(), cpus(replicas));
        return run;
    }

    private static Devices cpus(int n) {
        return new Devices(Collections.nCopies(n, Device.cpu()));
    }
}
