package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
class WarmStartTest {
    @TempDir
    Path dir;

    @Test
    void theEncoderLoadsAndTheHeadKeepsItsOwnClasses() {
        Path file = dir.resolve("mae.safetensors");
        try (Model mae = Models.build(ModelPresets.get("mmlit-xxs").config(), 1);
             Model classifier = Models.build(ModelSpec.of("mlit-xxs").withClasses(10).resolve(), 2)) {
            WeightFile.save(mae.parameters().parameters(), file, Map.of());
            float[] head = classifier.parameters().parameters().get("head.weight").toFloatArray();
            WarmStart.pretrained(classifier, file);
            assertThat(classifier.parameters().parameters().get("blocks.3.moe.w.weight").toFloatArray())
                    .containsExactly(mae.parameters().parameters().get("blocks.3.moe.w.weight").toFloatArray());
            assertThat(classifier.parameters().parameters().get("head.weight").toFloatArray()).containsExactly(head);
        }
    }

    @Test
    void anEncoderOfAnotherSizeIsRefusedNamingTheTensor() {
        Path file = dir.resolve("xs.safetensors");
        try (Model xs = Models.build(ModelPresets.get("mmlit-xs").config(), 1);
             Model xxs = Models.build(ModelPresets.get("mlit-xxs").config(), 2)) {
            WeightFile.save(xs.parameters().parameters(), file, Map.of());
            assertThatThrownBy(() -> WarmStart.pretrained(xxs, file)).isInstanceOf(UserError.class)
                    .hasMessageContaining("patch_embed.proj.weight").hasMessageContaining("[128, 3, 3, 3]");
        }
    }
}
