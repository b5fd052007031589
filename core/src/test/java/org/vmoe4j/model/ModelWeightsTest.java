package org.vmoe4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.nn.ForwardContext;

/** A model's weights survive a safetensors round trip by name, and a mismatched file is refused by name. */
class ModelWeightsTest {
    private static final VitConfig VIT = new VitConfig(16, 4, 3, 32, 2, 2, 4, 10, null, null);

    @Test
    void savedWeightsReproduceTheSameLogits(@TempDir Path dir) {
        Path file = dir.resolve("vit.safetensors");
        try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            NDArray images = manager.randomNormal(new Shape(2, 3, 16, 16));
            VisionTransformer saved = new VisionTransformer(VIT, 1);
            WeightFile.save(saved.parameters().parameters(), file, Map.of("model", "test"));
            VisionTransformer loaded = new VisionTransformer(VIT, 2);
            NDArray before = loaded.forward(images, ForwardContext.forInference()).logits();
            WeightFile.load(loaded.parameters().parameters(), file);
            NDArray expected = saved.forward(images, ForwardContext.forInference()).logits();
            NDArray actual = loaded.forward(images, ForwardContext.forInference()).logits();
            assertThat(before.toFloatArray()).isNotEqualTo(expected.toFloatArray());
            assertThat(actual.toFloatArray()).containsExactly(expected.toFloatArray());
        }
    }

    @Test
    void aHeadOfAnotherSizeIsRefusedByName(@TempDir Path dir) {
        Path file = dir.resolve("vit.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            WeightFile.save(new VisionTransformer(VIT, 1).parameters().parameters(), file, Map.of());
            VisionTransformer other = new VisionTransformer(VIT.withClasses(100), 1);
            assertThatThrownBy(() -> WeightFile.load(other.parameters().parameters(), file))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("head.weight").hasMessageContaining("[10, 32]").hasMessageContaining("[100, 32]");
        }
    }
}
