package org.vmoe4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.export.OnnxTestModels;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * The golden cases of {@code tools/make_golden.py} (an independent PyTorch implementation), loaded into the
 * Java models, exported to ONNX and run by ONNX Runtime: PyTorch's logits to 1e-4, and for per-image routing
 * the top-k experts of PyTorch's router logits.
 */
class OnnxGoldenParityTest {
    @TempDir
    Path dir;
    private NDManager manager;
    private NDScope scope;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        scope = new NDScope();
    }

    @AfterEach
    void close() {
        scope.close();
        manager.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("vit", GoldenParityTest.VIT, 0),
                Arguments.of("mvmoe", GoldenParityTest.MVMOE, 1),
                Arguments.of("mvmoe_k2", GoldenParityTest.MVMOE.withMoe(new MoeConfig(4, 2, 2, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0)), 2),
                Arguments.of("vmoe_token", GoldenParityTest.MVMOE.withMoe(new MoeConfig(4, 1, 2, MoeConfig.Router.TOKEN, 0.005, 0.005, 1, 1.05)), 0),
                Arguments.of("mlit", GoldenParityTest.MLIT, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeGivesPyTorchsLogitsAndExperts(String name, ModelConfig config, int imageK) throws Exception {
        Golden golden = Golden.load(name, manager);
        Model model = Models.build(config, 0);
        golden.copyParametersInto(model);
        NDArray input = golden.get("input");
        int batch = (int) input.getShape().get(0);
        try (OnnxClassifier onnx = OnnxClassifier.open(OnnxTestModels.export(model, OnnxTestModels.metadata(model, name), dir), 1)) {
            OnnxClassifier.Output out = onnx.run(input.toFloatArray(), batch);
            NDArray expected = golden.get("logits");
            Golden.assertClose(manager.create(out.logits(), expected.getShape()), expected, "logits");
            if (imageK > 0) {
                long[] experts = golden.get("router_logits").topK(imageK, -1, true, true).get(1).toLongArray();
                assertThat(out.experts()).isEqualTo(experts);
            }
        }
    }
}
