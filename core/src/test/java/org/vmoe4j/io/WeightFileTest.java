package org.vmoe4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

class WeightFileTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void loadCopiesValuesIntoTheExistingArraysAndKeepsGradients() {
        NDArray weight = manager.zeros(new Shape(2, 3));
        NDArray bias = manager.zeros(new Shape(3));
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        Map<String, NDArray> params = model(weight, bias);
        Path file = dir.resolve("w.safetensors");
        WeightFile.save(model(manager.arange(6f).reshape(2, 3), manager.create(new float[] {7, 8, 9})),
                file, Map.of("epoch", "3"));

        WeightFile.load(params, file);

        assertThat(params.get("enc.weight")).isSameAs(weight);
        assertThat(params.get("head.bias")).isSameAs(bias);
        assertThat(weight.toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(bias.toFloatArray()).containsExactly(7, 8, 9);
        assertThat(weight.hasGradient()).isTrue();
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(weight.mul(bias.reshape(1, 3)).sum());
        }
        assertThat(weight.getGradient().toFloatArray()).containsExactly(7, 8, 9, 7, 8, 9);
        assertThat(bias.getGradient().toFloatArray()).containsExactly(3, 5, 7);
        assertThat(SafeTensors.metadata(file)).containsExactly(Map.entry("epoch", "3"));
    }

    @Test
    void loadConvertsTheFilesDataType() {
        Path file = dir.resolve("f64.safetensors");
        SafeTensors.write(file, Map.of("p", manager.create(new double[] {0.5, 2})), null);
        NDArray p = manager.zeros(new Shape(2));

        WeightFile.load(Map.of("p", p), file);

        assertThat(p.toFloatArray()).containsExactly(0.5f, 2f);
    }

    @Test
    void missingTensor() {
        Path file = save("missing.safetensors", Map.of("head.weight", manager.zeros(new Shape(10, 32))));
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("blocks.0.attn.qkv.weight", manager.zeros(new Shape(96, 32)));
        params.put("head.weight", manager.zeros(new Shape(10, 32)));

        assertThatThrownBy(() -> WeightFile.load(params, file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": missing tensor 'blocks.0.attn.qkv.weight' (expected shape [96, 32])");
    }

    @Test
    void unexpectedTensor() {
        Path file = save("extra.safetensors", model(manager.zeros(new Shape(2, 3)), manager.zeros(new Shape(3))));
        Map<String, NDArray> params = Map.of("enc.weight", manager.zeros(new Shape(2, 3)));

        assertThatThrownBy(() -> WeightFile.load(params, file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": unexpected tensor 'head.bias' (the model has no parameter of that name)");
    }

    @Test
    void shapeMismatch() {
        Path file = save("shape.safetensors", Map.of("head.weight", manager.zeros(new Shape(10, 32))));
        Map<String, NDArray> params = Map.of("head.weight", manager.zeros(new Shape(100, 32)));

        assertThatThrownBy(() -> WeightFile.load(params, file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": tensor 'head.weight' has shape [10, 32], expected [100, 32]");
    }

    @Test
    void reportsTheFirstProblemInModelOrderAndCountsTheOthersWithoutCopyingAnything() {
        Map<String, NDArray> inFile = new LinkedHashMap<>();
        inFile.put("foo", manager.ones(new Shape(1)));
        inFile.put("b", manager.ones(new Shape(4)));
        inFile.put("a", manager.ones(new Shape(2)));
        inFile.put("c", manager.ones(new Shape(5)));
        Path file = save("many.safetensors", inFile);
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("a", manager.zeros(new Shape(2)));
        params.put("b", manager.zeros(new Shape(3)));
        params.put("d", manager.zeros(new Shape(1)));
        params.put("c", manager.zeros(new Shape(5)));

        assertThatThrownBy(() -> WeightFile.load(params, file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": tensor 'b' has shape [4], expected [3] (and 2 more problems)");
        assertThat(params.get("a").toFloatArray()).containsExactly(0, 0);
        assertThat(params.get("c").toFloatArray()).containsOnly(0);
    }

    @Test
    void singleOtherProblemIsCountedInTheSingular() {
        Path file = save("two.safetensors", Map.of("x", manager.ones(new Shape(1))));
        Map<String, NDArray> params = Map.of("y", manager.zeros(new Shape(2)));

        assertThatThrownBy(() -> WeightFile.load(params, file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": missing tensor 'y' (expected shape [2]) (and 1 more problem)");
    }

    @Test
    void selectLoadsOnlyTheChosenNames() {
        Map<String, NDArray> inFile = new LinkedHashMap<>();
        inFile.put("enc.weight", manager.ones(new Shape(2, 3)));
        inFile.put("head.weight", manager.ones(new Shape(1000, 3)));
        inFile.put("head.bias", manager.ones(new Shape(1000)));
        Path file = save("encoder.safetensors", inFile);
        Map<String, NDArray> params = model(manager.zeros(new Shape(2, 3)), manager.zeros(new Shape(10)));

        WeightFile.load(params, file, name -> !name.startsWith("head."));

        assertThat(params.get("enc.weight").toFloatArray()).containsOnly(1);
        assertThat(params.get("head.bias").toFloatArray()).containsOnly(0);
        params.put("enc.norm", manager.zeros(new Shape(3)));
        assertThatThrownBy(() -> WeightFile.load(params, file, name -> name.startsWith("enc.")))
                .isInstanceOf(UserError.class)
                .hasMessage(file + ": missing tensor 'enc.norm' (expected shape [3])");
    }

    private static Map<String, NDArray> model(NDArray weight, NDArray bias) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("enc.weight", weight);
        params.put("head.bias", bias);
        return params;
    }

    private Path save(String name, Map<String, NDArray> tensors) {
        Path file = dir.resolve(name);
        SafeTensors.write(file, tensors, null);
        return file;
    }
}
