package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.runtime.OnnxClassifier;

/** {@code vmoe4j export} on a small Mobile V-MoE's weights. */
class ExportCommandTest {
    private static final String[] MODEL = {"--model", "mvmoe-6x64", "--image-size", "32", "--patch-size", "8",
        "--classes", "3", "--experts", "4", "--k", "2"};

    @TempDir
    static Path dir;
    static Path weights;
    static Path classes;

    private final CliHarness cli = new CliHarness();

    @BeforeAll
    static void saveWeights() throws Exception {
        weights = dir.resolve("model.safetensors");
        ModelSpec spec = new ModelSpec.Builder("mvmoe-6x64").classes(3).input(32, 8, null).experts(4).k(2).build();
        try (Model model = Models.build(spec.resolve(), 0)) {
            WeightFile.save(model.parameters().parameters(), weights, Map.of());
        }
        classes = dir.resolve("classes.json");
        Files.writeString(classes, "[\"cat\", \"dog\", \"bird\"]");
    }

    private int export(String... more) {
        String[] args = new String[1 + MODEL.length + more.length];
        args[0] = "export";
        System.arraycopy(MODEL, 0, args, 1, MODEL.length);
        System.arraycopy(more, 0, args, 1 + MODEL.length, more.length);
        return cli.run(args);
    }

    @Test
    void writesAFileOnnxRuntimeOpensWithTheContractAndPrintsItsSignature() throws Exception {
        Path out = dir.resolve("mvmoe.onnx");
        assertThat(export("--weights", weights.toString(), "--classes-file", classes.toString(), "--out", out.toString()))
                .as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("wrote " + out, "mvmoe, ONNX opset 17",
                "input   images float32 [N, 3, 32, 32]",
                "outputs logits float32 [N, 3], experts int64 [N, 2], gates float32 [N, 2]");
        try (OnnxClassifier onnx = OnnxClassifier.open(out, 1)) {
            assertThat(onnx.info().preset()).isEqualTo("mvmoe-6x64");
            assertThat(onnx.info().family()).isEqualTo(OnnxContract.Family.MVMOE);
            assertThat(onnx.info().classNames()).containsExactly("cat", "dog", "bird");
            assertThat(onnx.info().mean()).containsExactly(0.5f, 0.5f, 0.5f);
            assertThat(new ObjectMapper().readTree(onnx.info().configJson()).get("dim").asInt()).isEqualTo(64);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void classNamesThatDoNotFitTheHeadAreAOneLineError() throws Exception {
        Path four = dir.resolve("four.json");
        Files.writeString(four, "[\"a\", \"b\", \"c\", \"d\"]");
        assertThat(export("--weights", weights.toString(), "--classes-file", four.toString(), "--out",
                dir.resolve("x.onnx").toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err.toString()).isEqualTo("error: " + four + ": 4 class names, the exported model has 3 classes"
                + System.lineSeparator());
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void weightsOfAnotherModelAreAOneLineError() {
        assertThat(cli.run("export", "--model", "vit-6x64", "--weights", weights.toString(), "--out",
                dir.resolve("y.onnx").toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err.toString()).startsWith("error: " + weights + ": ").doesNotContain("\tat ");
        assertThat(cli.err.toString().strip()).doesNotContain("\n");
    }
}
