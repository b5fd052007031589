package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.train.Trainer;
import org.vmoe4j.train.TrainingRun;

/** eval, predict and superclasses on a tiny run trained on the built-in Fashion-MNIST sample. */
class EvalPredictCommandTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        run = dir.resolve("run");
        TrainingRun.start(run, new ModelSpec.Builder("mlit-xxs").input(12, 3, 1).build(), "fashion-mnist-sample", "quick",
                Recipes.get("quick").toBuilder().epochs(1).batchSize(16).trainImages(32).valFraction(0.01).workers(1)
                        .build(), null).train(new Trainer.Listener() {
                            public void epochStarted(int epoch, int batches) { }
                            public void batchDone(org.vmoe4j.train.StepStats running) { }
                            public void epochDone(org.vmoe4j.run.EpochMetrics metrics) { }
                        });
    }

    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void superclassesWritesAMapOfExactlyEGroupsAndPrintsItsTable() throws Exception {
        Path map = dir.resolve("groups.json");
        assertThat(run("superclasses", "--run", run.toString(), "--groups", "3", "--out", map.toString()))
                .as(err.toString()).isZero();
        var classes = new org.vmoe4j.run.RunDirectory(run).readClassNames();
        var groups = org.vmoe4j.data.SuperClassMap.read(map, classes);
        assertThat(groups.numGroups()).isEqualTo(3);
        for (int g = 0; g < 3; g++) {
            assertThat(groups.classesOf(g)).isNotEmpty();
        }
        assertThat(out.toString()).contains("group  size  classes", "map written to " + map);
        assertThat(run("superclasses", "--run", run.toString(), "--groups", "11", "--out", map.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--groups must be in 1..10");
    }

    @Test
    void evalReportsAccuraciesAndWritesTheConfusionMatrix() throws Exception {
        assertThat(run("eval", "--run", run.toString(), "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        TrainedRun trained = TrainedRun.open(run);
        EvalResult direct = RunEvaluator.evaluate(trained, trained.data().test(), done -> { });
        assertThat(json.get("images").asInt()).isEqualTo(1000);
        assertThat(json.get("top1").asDouble()).isEqualTo(direct.top1());
        assertThat(json.get("top5").asDouble()).isEqualTo(direct.top5());
        assertThat(json.get("expertLoad")).hasSize(9);
        assertThat(json.get("expertLoad").get(0).size()).isEqualTo(3);
        assertThat(json.get("distinctExpertsPerImage")).hasSize(9);
        for (int layer = 0; layer < 9; layer++) {
            assertThat(json.get("distinctExpertsPerImage").get(layer).asDouble())
                    .isEqualTo(direct.distinctExperts().get(layer));
        }
        assertThat(json.get("expertParamsPerImage")).hasSize(9);
        var lines = Files.readAllLines(run.resolve("confusion-test.csv"));
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).startsWith("true\\predicted,T-shirt/top,Trouser");
        long[][] counts = lines.stream().skip(1)
                .map(l -> java.util.Arrays.stream(l.split(",")).skip(1).mapToLong(Long::parseLong).toArray())
                .toArray(long[][]::new);
        assertThat(counts).isDeepEqualTo(direct.confusion());
        long diagonal = java.util.stream.IntStream.range(0, 10).mapToLong(c -> counts[c][c]).sum();
        assertThat(diagonal / 1000.0).isEqualTo(json.get("top1").asDouble());
    }

    @Test
    void predictNamesTheTopFiveClassesOfAnyImageSize() throws Exception {
        Path image = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        assertThat(run("predict", "--run", run.toString(), "--json", image.toString())).as(err.toString()).isZero();
        JsonNode prediction = new ObjectMapper().readTree(out.toString()).get("predictions").get(0);
        double[] logits = new double[10];
        for (int c = 0; c < 10; c++) {
            logits[c] = prediction.get("logits").get(c).asDouble();
        }
        double max = java.util.Arrays.stream(logits).max().orElseThrow();
        double norm = java.util.Arrays.stream(logits).map(l -> Math.exp(l - max)).sum();
        Integer[] order = java.util.stream.IntStream.range(0, 10).boxed()
                .sorted((a, b) -> Double.compare(logits[b], logits[a])).toArray(Integer[]::new);
        JsonNode top5 = prediction.get("top5");
        assertThat(top5).hasSize(5);
        for (int rank = 0; rank < 5; rank++) {
            assertThat(top5.get(rank).get("class").asInt()).isEqualTo(order[rank]);
            assertThat(top5.get(rank).get("probability").asDouble())
                    .isCloseTo(Math.exp(logits[order[rank]] - max) / norm, within(1e-6));
        }
    }

    @Test
    void theExportedRunGivesDjlsPredictionsAndAccuracyOnOnnxRuntime() throws Exception {
        Path onnx = dir.resolve("exported.onnx");
        assertThat(run("export", "--run", run.toString(), "--out", onnx.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("mlit, ONNX opset 17", "logits float32 [N, 10]");

        Path image = dir.resolve("shoe.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", image.toFile());
        JsonNode djl = predictJson("--run", run.toString(), image.toString());
        JsonNode ort = predictJson("--onnx", onnx.toString(), image.toString());
        for (int c = 0; c < 10; c++) {
            assertThat(ort.get("logits").get(c).asDouble()).isCloseTo(djl.get("logits").get(c).asDouble(), within(1e-4));
        }
        for (int rank = 0; rank < 5; rank++) {
            assertThat(ort.get("top5").get(rank).get("name")).isEqualTo(djl.get("top5").get(rank).get("name"));
        }

        JsonNode djlEval = evalJson("--run", run.toString());
        JsonNode ortEval = evalJson("--run", run.toString(), "--runtime", "onnx");
        assertThat(ortEval.get("top1").asDouble()).isEqualTo(djlEval.get("top1").asDouble());
        assertThat(ortEval.get("flops")).isEqualTo(djlEval.get("flops"));
        assertThat(ortEval.get("activeParams")).isEqualTo(djlEval.get("activeParams"));
    }

    @Test
    void exportingARunWithoutWeightsIsOneLine() throws Exception {
        Path unfinished = dir.resolve("unfinished");
        Files.createDirectories(unfinished);
        Files.copy(run.resolve("config.json"), unfinished.resolve("config.json"));
        assertThat(run("export", "--run", unfinished.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("has no model.safetensors yet");
    }

    private JsonNode predictJson(String... args) throws Exception {
        out.getBuffer().setLength(0);
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("predict", "--json"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        assertThat(run(all)).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString()).get("predictions").get(0);
    }

    private JsonNode evalJson(String... args) throws Exception {
        out.getBuffer().setLength(0);
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("eval", "--json"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        assertThat(run(all)).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void predictWithoutARunOrWeightsIsAUsageError() {
        assertThat(run("predict", "x.png")).isEqualTo(2);
        assertThat(run("predict", "--run", dir.resolve("missing").toString(), "x.png")).isEqualTo(1);
        assertThat(err.toString()).contains("not a vmoe4j run directory");
    }
}
