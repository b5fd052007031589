package org.vmoe4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.MoeConfig.Router;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.ExportedModel;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.export.OnnxTestModels;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * A Mobile V-MoE exported with its experts in a memory-mapped side file gives exactly the results of the same
 * model with every expert in the graph, makes only the chosen experts' pages resident, and refuses a side file
 * that is missing, truncated, corrupt or from another export with one line naming it.
 */
class MappedExpertsTest {
    private static final VitConfig VIT = new VitConfig(16, 4, 3, 32, 3, 2, 4, 10, null, null);

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("mean-k1", VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0)), ExportOptions.float32()),
                Arguments.of("cls-k2-l1", VIT.withMoe(new MoeConfig(5, 2, 1, Router.IMAGE_CLASS_TOKEN, 0, 0, 0, 0)),
                        ExportOptions.float32()),
                Arguments.of("mean-k1-int8", VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0)), ExportOptions.int8()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void separatedExpertsGiveExactlyTheLogitsExpertsAndGatesOfTheWholeGraph(String name, VitConfig config,
                                                                               ExportOptions options) throws Exception {
        Model model = Models.build(config, 0);
        OnnxTestModels.randomize(model, 5);
        Path whole = write(model, name + "-whole.onnx", options);
        Path separated = write(model, name + ".onnx", options.withSeparateExperts());
        assertThat(ModelExport.expertFile(separated)).exists();
        float[] pixels = OnnxTestModels.images(model, 6, 9);
        try (OnnxClassifier full = OnnxClassifier.open(whole, 1); OnnxClassifier lazy = OnnxClassifier.open(separated, 1)) {
            assertThat(full.experts()).isNull();
            assertThat(lazy.experts().experts()).isEqualTo(config.moe().experts());
            for (int batch : new int[] {6, 1}) {
                OnnxClassifier.Output expected = full.run(Arrays.copyOf(pixels, batch * full.info().imageLength()), batch);
                OnnxClassifier.Output actual = lazy.run(Arrays.copyOf(pixels, batch * lazy.info().imageLength()), batch);
                assertThat(actual.logits()).containsExactly(expected.logits());
                assertThat(actual.experts()).containsExactly(expected.experts());
                assertThat(actual.gates()).containsExactly(expected.gates());
            }
        }
    }

    /**
     * From a side file out of the page cache, as on storage (a file just written may be cached in 2 MB folios, which
     * a fault maps whole). Read-ahead may still map a few pages beyond an expert's slice: up to half an expert here.
     */
    @Test
    void onlyTheExpertsTheRouterChoseBecomeResident() throws Exception {
        VitConfig wide = new VitConfig(16, 4, 3, 256, 1, 4, 4, 10, new MoeConfig(6, 1, 1, Router.IMAGE_MEAN, 0, 0, 0, 0), null);
        Model model = Models.build(wide, 0);
        OnnxTestModels.randomize(model, 5);
        Path file = write(model, "wide.onnx", ExportOptions.float32().withSeparateExperts());
        long expertBytes = Files.size(ModelExport.expertFile(file)) / 6;            // ≈ 2.1 MB: fc1, fc2 and biases
        assertThat(PageCache.evict(ModelExport.expertFile(file))).as("dd iflag=nocache").isTrue();
        float[] pixels = OnnxTestModels.images(model, 32, 1);
        try (OnnxClassifier onnx = OnnxClassifier.open(file, 1)) {
            assertThat(onnx.experts().residentBytes()).as("resident right after opening").isLessThan(expertBytes / 8);
            List<Long> seen = new ArrayList<>();
            int length = onnx.info().imageLength();
            for (int i = 0; i < 32 && seen.size() < 3; i++) {
                long expert = onnx.run(Arrays.copyOfRange(pixels, i * length, (i + 1) * length), 1).experts()[0];
                if (!seen.contains(expert)) {
                    seen.add(expert);
                    long resident = onnx.experts().residentBytes();
                    assertThat(resident).as("resident after %d experts %s", seen.size(), seen)
                            .isBetween(seen.size() * expertBytes * 9 / 10, seen.size() * expertBytes + expertBytes / 2);
                }
            }
            assertThat(seen).as("the random images reach three experts").hasSize(3);
        }
    }

    @Test
    void aMissingTruncatedOrForeignExpertFileIsAOneLineErrorNamingIt() throws Exception {
        Model model = Models.build(VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0)), 0);
        Path file = write(model, "m.onnx", ExportOptions.float32().withSeparateExperts());
        Path experts = ModelExport.expertFile(file);
        byte[] valid = Files.readAllBytes(experts);

        Files.write(experts, Arrays.copyOf(valid, valid.length - 100));
        assertOneLineError(file, experts, "");
        Files.delete(experts);
        assertOneLineError(file, experts, "no such file");

        OnnxTestModels.randomize(model, 99);
        Path other = write(model, "other.onnx", ExportOptions.float32().withSeparateExperts());
        Files.copy(ModelExport.expertFile(other), experts);
        assertOneLineError(file, experts, "come from different exports");
    }

    @Test
    void anExpertWhoseBytesWereAlteredFailsOnItsFirstUseNamingTheFile() throws Exception {
        Model model = Models.build(VIT.withMoe(new MoeConfig(4, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0)), 0);
        OnnxTestModels.randomize(model, 5);
        Path file = write(model, "m.onnx", ExportOptions.float32().withSeparateExperts());
        Path experts = ModelExport.expertFile(file);
        float[] image = OnnxTestModels.images(model, 1, 4);
        long used;
        try (OnnxClassifier onnx = OnnxClassifier.open(file, 1)) {
            used = onnx.run(image, 1).experts()[0];
        }
        flipByteOfExpert(experts, used);
        try (OnnxClassifier onnx = OnnxClassifier.open(file, 1)) {
            assertThatThrownBy(() -> onnx.run(image, 1)).isInstanceOf(UserError.class)
                    .hasMessage(experts + ": the weights of expert " + used + " do not match their checksum in " + file
                            + " (the file is corrupt)");
        }
    }

    private Path write(Model model, String name, ExportOptions options) {
        Path file = dir.resolve(name);
        ExportedModel exported = OnnxExporter.export(model, OnnxTestModels.metadata(model, name), options);
        ModelExport.write(exported, file);
        return file;
    }

    /** Flips one byte in the middle of expert {@code e}'s slice of the side file's first tensor. */
    private static void flipByteOfExpert(Path experts, long e) throws Exception {
        var first = org.vmoe4j.io.SafeTensors.map(experts).values().iterator().next();
        long dataStart = Files.size(experts) - org.vmoe4j.io.SafeTensors.map(experts).values().stream()
                .mapToLong(t -> t.data().capacity()).sum();
        long slice = first.data().capacity() / first.shape().get(0);
        try (RandomAccessFile raf = new RandomAccessFile(experts.toFile(), "rw")) {
            long at = dataStart + e * slice + slice / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x40);
        }
    }

    private static void assertOneLineError(Path model, Path experts, String expected) {
        assertThatThrownBy(() -> OnnxClassifier.open(model, 1).close()).isInstanceOf(UserError.class)
                .hasMessageStartingWith(experts.toString()).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
