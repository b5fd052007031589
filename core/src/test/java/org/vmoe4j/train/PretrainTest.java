package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/** A tiny mmLiT pre-training run on the built-in sample: metrics, reconstructions, and an encoder to fine-tune. */
class PretrainTest {
    static final ModelSpec TINY_MAE = new ModelSpec("mmlit-xxs", null, 12, 3, 1, null, null, null, null);
    static final TrainConfig SHORT = Recipes.get("ml-pretrain").with(Map.of("epochs", 2, "batchSize", 16,
            "trainImages", 32, "valFraction", 0.01, "warmupEpochs", 0.5, "workers", 1));

    @TempDir
    Path dir;

    @Test
    void pretrainingWritesReconstructionsAndAnEncoderThatInitialisesMlit() throws IOException {
        Path runDir = dir.resolve("mae");
        TrainingRun run = TrainingRun.start(runDir, TINY_MAE, "fashion-mnist-sample", "ml-pretrain", SHORT, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            run.train(manager, new TrainingRunTestListener());
            var metrics = new RunDirectory(runDir).readMetrics(Integer.MAX_VALUE);
            assertThat(metrics).hasSize(2);
            assertThat(metrics.get(1).trainAccuracy()).isNull();
            assertThat(metrics.get(1).auxLoss()).isPositive();
            assertThat(metrics.get(1).loss()).isFinite().isPositive();
            BufferedImage grid = ImageIO.read(runDir.resolve("reconstructions.png").toFile());
            assertThat(grid.getWidth()).isGreaterThan(3 * 12);
            try (Model mlit = Models.build(new ModelSpec("mlit-xxs", 10, 12, 3, 1, null, null, null, null).resolve(),
                    manager, 0)) {
                TrainingRun.initialise(mlit, runDir);
            }
        }
    }

    /** Ignores progress. */
    static final class TrainingRunTestListener implements Trainer.Listener {
        @Override
        public void epochStarted(int epoch, int batches, int startBatch) {
        }

        @Override
        public void batchDone(StepStats running) {
        }

        @Override
        public void epochDone(EpochMetrics metrics) {
        }
    }
}
