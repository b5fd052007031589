package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.run.StartFrom;

/** A tiny mmLiT pre-training run on the built-in sample: metrics, reconstructions, and an encoder to fine-tune. */
class PretrainTest {
    static final ModelSpec TINY_MAE = new ModelSpec.Builder("mmlit-xxs").input(12, 3, 1).build();
    static final TrainConfig SHORT = Recipes.get("ml-pretrain").toBuilder().epochs(2).batchSize(16).trainImages(32)
            .valFraction(0.01).warmupEpochs(0.5).workers(1).build();

    @TempDir
    Path dir;

    @Test
    void pretrainingWritesReconstructionsAndAnEncoderThatInitialisesMlit() throws IOException {
        Path runDir = dir.resolve("mae");
        TrainingRun run = TrainingRun.start(runDir, TINY_MAE, "fashion-mnist-sample", "ml-pretrain", SHORT, null);
        run.train(new QuietListener());
        var metrics = new RunDirectory(runDir).readMetrics();
        assertThat(metrics).hasSize(2);
        assertThat(metrics.get(1).trainAccuracy()).isNull();
        assertThat(metrics.get(1).auxLoss()).isPositive();
        assertThat(metrics.get(1).loss()).isFinite().isPositive();
        BufferedImage grid = ImageIO.read(runDir.resolve("reconstructions.png").toFile());
        assertThat(grid.getWidth()).isGreaterThan(3 * 12);
        ModelSpec classifier = new ModelSpec.Builder("mlit-xxs").classes(10).input(12, 3, 1).build();
        try (Model mlit = Models.build(classifier.resolve(), 0)) {
            WarmStart.load(mlit, StartFrom.pretrained(runDir));
        }
    }
}
