package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
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
        TrainingRun training = TrainingRun.start(run, new ModelSpec("mlit-xxs", null, 12, 3, 1, null, null, null, null),
                "fashion-mnist-sample", "quick", Recipes.get("quick").with(Map.of("epochs", 1, "batchSize", 16,
                        "trainImages", 32, "valFraction", 0.01, "workers", 1)));
        try (NDManager manager = NDManager.newBaseManager()) {
            training.train(manager, new Trainer.Listener() {
                public void epochStarted(int epoch, int batches, int start) { }
                public void batchDone(org.vmoe4j.train.StepStats running) { }
                public void epochDone(org.vmoe4j.train.EpochMetrics metrics) { }
            });
        }
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
        var classes = new org.vmoe4j.train.RunDirectory(run).readClassNames();
        var groups = org.vmoe4j.eval.SuperClassMap.read(map, classes);
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
        assertThat(json.get("images").asInt()).isEqualTo(1000);
        assertThat(json.get("top1").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("top5").asDouble()).isGreaterThanOrEqualTo(json.get("top1").asDouble());
        assertThat(json.get("expertLoad")).hasSize(9);
        assertThat(json.get("expertLoad").get(0).size()).isEqualTo(3);
        assertThat(json.get("distinctExpertsPerImage")).hasSize(9);
        for (JsonNode layer : json.get("distinctExpertsPerImage")) {
            assertThat(layer.asDouble()).isBetween(2.0, 5.0); // every token reaches k = 2, an image at most t
        }
        assertThat(json.get("expertParamsPerImage")).hasSize(9);
        var lines = Files.readAllLines(run.resolve("confusion-test.csv"));
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).startsWith("true\\predicted,T-shirt/top,Trouser");
        long counted = lines.stream().skip(1).flatMap(l -> java.util.Arrays.stream(l.split(",")).skip(1))
                .mapToLong(Long::parseLong).sum();
        assertThat(counted).isEqualTo(1000);
    }

    @Test
    void predictNamesTheTopFiveClassesOfAnyImageSize() throws Exception {
        Path image = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        assertThat(run("predict", "--run", run.toString(), "--json", image.toString())).as(err.toString()).isZero();
        JsonNode prediction = new ObjectMapper().readTree(out.toString()).get("predictions").get(0);
        assertThat(prediction.get("logits")).hasSize(10);
        assertThat(prediction.get("top5")).hasSize(5);
        double sum = 0;
        for (JsonNode entry : prediction.get("top5")) {
            sum += entry.get("probability").asDouble();
        }
        assertThat(sum).isBetween(0.0, 1.0 + 1e-6);
    }

    @Test
    void predictWithoutARunOrWeightsIsAUsageError() {
        assertThat(run("predict", "x.png")).isEqualTo(2);
        assertThat(run("predict", "--run", dir.resolve("missing").toString(), "x.png")).isEqualTo(1);
        assertThat(err.toString()).contains("not a vmoe4j run directory");
    }
}
