package org.vmoe4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.util.onnx.ONNXContext;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.export.ExportMetadata;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.config.ExpertSharing;

/** Opening exported files: the contract read back from the metadata, and one-line errors for files that break it. */
class OnnxClassifierTest {
    private static final VitConfig MVMOE = new VitConfig(16, 4, 3, 32, 2, 2, 4, 3, null, null)
            .withMoe(new MoeConfig(4, 2, 1, MoeConfig.Router.IMAGE_MEAN, 0, 0, 0, 0));

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void readsThePreprocessingContractAndClassNamesBack() throws Exception {
        Model model = Models.build(MVMOE, 0);
        ExportMetadata metadata = new ExportMetadata("mvmoe-tiny", "{\"dim\":32}", List.of("cat", "dog", "émeu"),
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, 1234, model.parameters().count(),
                1000, List.of(77L, 88L));
        try (OnnxClassifier onnx = OnnxClassifier.open(write(OnnxExporter.export(model, metadata)), 1)) {
            OnnxModelInfo info = onnx.info();
            assertThat(info.preset()).isEqualTo("mvmoe-tiny");
            assertThat(info.family()).isEqualTo(OnnxContract.Family.MVMOE);
            assertThat(info.configJson()).isEqualTo("{\"dim\":32}");
            assertThat(info.imageSize()).isEqualTo(16);
            assertThat(info.channels()).isEqualTo(3);
            assertThat(info.mean()).containsExactly(0.485f, 0.456f, 0.406f);
            assertThat(info.std()).containsExactly(0.229f, 0.224f, 0.225f);
            assertThat(info.classNames()).containsExactly("cat", "dog", "émeu");
            assertThat(info.flopsPerImage()).isEqualTo(1234);
            assertThat(info.params()).isEqualTo(model.parameters().count());
            assertThat(info.activeParams()).isEqualTo(1000);
            assertThat(info.expertParams()).containsExactly(77L, 88L);
            assertThat(onnx.classes()).isEqualTo(3);
            OnnxClassifier.Output out = onnx.run(new float[2 * 3 * 16 * 16], 2);
            assertThat(out.logits()).hasSize(2 * 3);
            assertThat(out.experts()).hasSize(2 * 2);
            assertThat(out.gates()).hasSize(2 * 2);
        }
    }

    @Test
    void aFileThatIsNotOnnxIsAOneLineError() throws Exception {
        Path file = dir.resolve("weights.onnx");
        Files.writeString(file, "this is not a protobuf model\n");
        assertOneLineError(file, "not an ONNX model");
    }

    @Test
    void aMissingFileIsAOneLineError() {
        assertOneLineError(dir.resolve("absent.onnx"), "no such file");
    }

    @Test
    void anOnnxModelWithoutVmoe4jMetadataIsAOneLineError() throws Exception {
        assertOneLineError(write(foreignModel(ModelProto.newBuilder())), "not a vmoe4j ONNX model");
    }

    @Test
    void anInputOfAnotherShapeThanTheContractIsAOneLineError() throws Exception {
        ModelProto exported = exportTiny();
        ModelProto foreign = foreignModel(ModelProto.newBuilder().addAllMetadataProps(exported.getMetadataPropsList()));
        assertOneLineError(write(foreign), "expected one input 'images' float32 [N, 3, 16, 16] as its metadata says, found [N, 4]");
    }

    @Test
    void metadataThatContradictsTheGraphIsAOneLineError() throws Exception {
        ModelProto bigger = withMetadata(exportTiny(), OnnxContract.IMAGE_SIZE, "32");
        assertOneLineError(write(bigger), "found [N, 3, 16, 16]");
        ModelProto badMean = withMetadata(exportTiny(), OnnxContract.MEAN, "0.5,0.5");
        assertOneLineError(write(badMean), OnnxContract.MEAN + " should be 3 comma-separated floats, found '0.5,0.5'");
        ModelProto newer = withMetadata(exportTiny(), OnnxContract.FORMAT_KEY, "2");
        assertOneLineError(write(newer), "this vmoe4j reads format 1");
    }

    @Test
    void anEncoderIsNotAClassifier() throws Exception {
        MlitConfig encoder = new MlitConfig(12, 3, 3, 24, 1, 16, 16, 4, 2, List.of(3), 2, 0, 0, ExpertSharing.V_W2, 0, 0);
        MlitConfig decoder = new MlitConfig(12, 3, 3, 16, 1, 16, 16, 4, 2, List.of(3), 2, 0, 0, ExpertSharing.V_W2, 0, 0);
        Model mae = Models.build(new MaeConfig(encoder, decoder, 0.75), 0);
        assertOneLineError(write(OnnxExporter.export(mae, metadata(mae))), "holds an mmLiT encoder");
    }

    private ModelProto exportTiny() {
        Model model = Models.build(MVMOE, 0);
        return OnnxExporter.export(model, metadata(model));
    }

    private static ExportMetadata metadata(Model model) {
        float[] half = {0.5f, 0.5f, 0.5f};
        return new ExportMetadata("tiny", "{}", List.of(), half, half, 0, 0, 0, List.of());
    }

    /** An ONNX model that is not vmoe4j's: logits = images, both [N, 4]. */
    private static ModelProto foreignModel(ModelProto.Builder model) {
        ONNXContext context = new ONNXContext();
        context.assignTo(context.floatInput(OnnxContract.INPUT, 4), context.floatOutput(OnnxContract.LOGITS, 4));
        return model.setIrVersion(8).setGraph(context.buildGraph())
                .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    private static ModelProto withMetadata(ModelProto model, String key, String value) {
        UnaryOperator<StringStringEntryProto> replace = e -> e.getKey().equals(key) ? e.toBuilder().setValue(value).build() : e;
        List<StringStringEntryProto> entries = model.getMetadataPropsList().stream().map(replace).toList();
        return model.toBuilder().clearMetadataProps().addAllMetadataProps(entries).build();
    }

    private Path write(ModelProto model) throws Exception {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    private static void assertOneLineError(Path file, String expected) {
        assertThatThrownBy(() -> OnnxClassifier.open(file, 1).close())
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
