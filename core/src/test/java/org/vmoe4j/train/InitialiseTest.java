package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/** A pre-trained mmLiT encoder initialises the matching mLiT classifier; another size is refused by tensor name. */
class InitialiseTest {
    @TempDir
    Path dir;

    @Test
    void theEncoderLoadsAndTheHeadKeepsItsOwnClasses() {
        Path file = dir.resolve("mae.safetensors");
        try (NDManager manager = NDManager.newBaseManager();
             Model mae = Models.build(ModelPresets.get("mmlit-xxs"), manager, 1);
             Model classifier = Models.build(ModelSpec.of("mlit-xxs").withClasses(10).resolve(), manager, 2)) {
            WeightFile.save(mae.parameters().parameters(), file, Map.of());
            float[] head = classifier.parameters().parameters().get("head.weight").toFloatArray();
            TrainingRun.initialise(classifier, file);
            assertThat(classifier.parameters().parameters().get("blocks.3.moe.w.weight").toFloatArray())
                    .containsExactly(mae.parameters().parameters().get("blocks.3.moe.w.weight").toFloatArray());
            assertThat(classifier.parameters().parameters().get("head.weight").toFloatArray()).containsExactly(head);
        }
    }

    @Test
    void anEncoderOfAnotherSizeIsRefusedNamingTheTensor() {
        Path file = dir.resolve("xs.safetensors");
        try (NDManager manager = NDManager.newBaseManager();
             Model xs = Models.build(ModelPresets.get("mmlit-xs"), manager, 1);
             Model xxs = Models.build(ModelPresets.get("mlit-xxs"), manager, 2)) {
            WeightFile.save(xs.parameters().parameters(), file, Map.of());
            assertThatThrownBy(() -> TrainingRun.initialise(xxs, file)).isInstanceOf(UserError.class)
                    .hasMessageContaining("patch_embed.proj.weight").hasMessageContaining("[128, 3, 3, 3]");
        }
    }
}
