package org.vmoe4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.MoeConfig.Router;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.EncoderTokens;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.model.Models;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * Every family and routing mode exported and run by ONNX Runtime gives the Java forward pass's logits
 * (inference mode) to 1e-4 and the same experts, on tiny random models.
 */
class OnnxExporterTest {
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 5;
    private static final VitConfig VIT = new VitConfig(16, 4, 3, 32, 3, 2, 4, 10, null, null);
    private static final MlitConfig MLIT = new MlitConfig(12, 3, 3, 24, 3, 24, 8, 4, 2, List.of(3, 4, 5), 2, 10, 0,
            ExpertSharing.V_W2, 0.01, 0.01);

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

    static Stream<Arguments> classifiers() {
        return Stream.of(
                Arguments.of("vit", VIT),
                Arguments.of("vit-gray", new VitConfig(16, 4, 1, 32, 2, 2, 4, 7, null, null)),
                Arguments.of("mvmoe-mean-k1", VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0))),
                Arguments.of("mvmoe-mean-k2-l3", VIT.withMoe(new MoeConfig(5, 2, 3, Router.IMAGE_MEAN, 0, 0, 0, 0))),
                Arguments.of("mvmoe-cls-k3-l1", VIT.withMoe(new MoeConfig(6, 3, 1, Router.IMAGE_CLASS_TOKEN, 0, 0, 0, 0))),
                Arguments.of("vmoe-token-k1", VIT.withMoe(new MoeConfig(4, 1, 2, Router.TOKEN, 0.005, 0.005, 1, 1.05))),
                Arguments.of("vmoe-token-k2", VIT.withMoe(new MoeConfig(3, 2, 1, Router.TOKEN, 0.005, 0.005, 1, 1.05))),
                // renormalised top-k gates (upcycled runs): g / Σ g, per image and per token
                Arguments.of("mvmoe-mean-k2-renormalized",
                        VIT.withMoe(new MoeConfig(5, 2, 2, Router.IMAGE_MEAN, 0, 0, 0, 0, true))),
                Arguments.of("vmoe-token-k2-renormalized",
                        VIT.withMoe(new MoeConfig(3, 2, 1, Router.TOKEN, 0.005, 0.005, 1, 1.05, true))),
                Arguments.of("mlit-share-v-w2", MLIT),
                Arguments.of("mlit-share-w-w2", MLIT.withSharing(ExpertSharing.W_W2)),
                Arguments.of("mlit-share-v-w", MLIT.withSharing(ExpertSharing.V_W)),
                Arguments.of("mlit-k1-gray", new MlitConfig(12, 3, 1, 24, 2, 16, 8, 4, 4, List.of(2, 3), 1, 6, 0,
                        ExpertSharing.V_W2, 0.01, 0.01)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifiers")
    void onnxRuntimeGivesTheJavaLogitsAndExperts(String name, ModelConfig config) throws Exception {
        Classifier model = (Classifier) Models.build(config, 0);
        OnnxTestModels.randomize(model, 7);
        float[] pixels = OnnxTestModels.images(model, BATCH, 11);
        ModelOutput expected = model.forward(OnnxTestModels.array(model, pixels, BATCH, manager), ForwardContext.forInference());
        try (OnnxClassifier onnx = OnnxClassifier.open(OnnxTestModels.export(model, OnnxTestModels.metadata(model, name), dir), 1)) {
            OnnxClassifier.Output actual = onnx.run(pixels, BATCH);
            assertClose(actual.logits(), expected.logits().toFloatArray(), "logits");
            if (expected.imageRouting() == null) {
                assertThat(actual.experts()).isNull();
            } else {
                assertThat(actual.experts()).isEqualTo(expected.imageRouting().experts().toLongArray());
                assertThat(java.util.Arrays.stream(actual.experts()).distinct().count()).as("experts chosen").isGreaterThan(1);
                assertClose(actual.gates(), expected.imageRouting().gates().toFloatArray(), "gates");
            }
        }
    }

    @Test
    void theMmlitEncoderGivesTheJavaEncoderTokens() throws Exception {
        MlitConfig decoder = new MlitConfig(12, 3, 3, 16, 1, 16, 16, 4, 2, List.of(3), 2, 0, 0, ExpertSharing.V_W2, 0.01, 0.01);
        MaeAutoencoder mae = new MaeAutoencoder(new MaeConfig(MLIT.withClasses(0), decoder, 0.75), 0);
        OnnxTestModels.randomize(mae, 3);
        float[] pixels = OnnxTestModels.images(mae, BATCH, 5);
        float[] expected = EncoderTokens.of(mae, OnnxTestModels.array(mae, pixels, BATCH, manager), manager);
        ModelProto proto = OnnxExporter.export(mae, OnnxTestModels.metadata(mae, "mmlit"));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(proto.toByteArray());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), new long[] {BATCH, 3, 12, 12});
             OrtSession.Result result = session.run(Map.of(OnnxContract.INPUT, input))) {
            OnnxTensor tokens = (OnnxTensor) result.get(OnnxContract.TOKENS).orElseThrow();
            assertThat(tokens.getInfo().getShape()).containsExactly(BATCH, 17, 24);
            FloatBuffer buffer = tokens.getFloatBuffer();
            float[] actual = new float[buffer.remaining()];
            buffer.get(actual);
            assertClose(actual, expected, "tokens");
        }
    }

    @Test
    void perImageRoutingMultipliesOnlyTheGatheredExperts() {
        Model mvmoe = Models.build(VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0)), 0);
        ModelProto proto = OnnxExporter.export(mvmoe, OnnxTestModels.metadata(mvmoe, "mvmoe"));
        List<NodeProto> nodes = proto.getGraph().getNodeList();
        List<String> stacks = proto.getGraph().getInitializerList().stream().map(t -> t.getName())
                .filter(n -> n.contains(".experts.")).toList();
        assertThat(stacks).hasSize(2 * 4);
        for (String stack : stacks) {
            List<NodeProto> readers = nodes.stream().filter(node -> node.getInputList().contains(stack)).toList();
            assertThat(readers).as(stack).isNotEmpty().allMatch(node -> node.getOpType().equals("Gather"));
        }
        assertThat(proto.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(17);
    }

    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], Offset.offset(TOLERANCE));
        }
    }
}
