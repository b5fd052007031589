package org.vmoe4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.cli.Main;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageFiles;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.eval.DjlInference;
import org.vmoe4j.eval.Predictor;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.Models;
import picocli.CommandLine;

/**
 * The Spark job in local[2] against the independent path: {@code vmoe4j predict} (DJL + PyTorch forward of the
 * same weights) on the same image files, and the DJL forward on a dataset split; corrupt files land in the
 * error column; a second run onto the same output is refused and leaves the first result as it was.
 */
class ClassifyJobTest {
    private static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static TinyExportedModel model;
    static List<Path> images = new ArrayList<>();
    static Path list;

    @BeforeAll
    static void setUp() throws Exception {
        spark = LocalSpark.session();
        model = TinyExportedModel.write(dir);
        Random random = new Random(11);
        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        images.add(writeImage(pictures.resolve("wide.png"), 24, 20, BufferedImage.TYPE_INT_RGB, "png", random));
        images.add(writeImage(pictures.resolve("large.jpg"), 40, 33, BufferedImage.TYPE_INT_RGB, "jpg", random));
        images.add(writeImage(pictures.resolve("gray.png"), 28, 28, BufferedImage.TYPE_BYTE_GRAY, "png", random));
        images.add(writeImage(pictures.resolve("small.png"), 16, 16, BufferedImage.TYPE_INT_RGB, "png", random));
        images.add(writeImage(pictures.resolve("tall.png"), 9, 30, BufferedImage.TYPE_INT_RGB, "png", random));
        Files.writeString(pictures.resolve("broken.png"), "not a picture\n");
        list = dir.resolve("images.txt");
        // relative to the list's directory, one absolute path, a blank line, a corrupt file, a missing file
        Files.writeString(list, "pictures/wide.png\n" + images.get(1) + "\n\npictures/gray.png\npictures/broken.png\n"
                + "pictures/small.png\npictures/absent.jpg\npictures/tall.png\n");
    }

    @Test
    void predictionsOfListedFilesEqualVmoe4jPredictAndCorruptFilesGoToTheErrorColumn() throws Exception {
        Path out = dir.resolve("list-out");
        assertThat(classify("--images", list.toString(), "--out", out.toString(), "--batch-size", "2")).isZero();
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
            rows.put(row.getAs(PredictionSchema.PATH), row);
        }
        assertThat(rows).hasSize(7);
        JsonNode predicted = predict(images);
        List<Image> decoded = new ArrayList<>();
        for (Path image : images) {
            decoded.add(ImageFiles.read(image));
        }
        List<Predictor.Prediction> djl = djlPredictions(decoded);
        for (int i = 0; i < images.size(); i++) {
            Row row = rows.get(images.get(i).toString());
            JsonNode expected = predicted.get("predictions").get(i);
            assertThat(row.<String>getAs(PredictionSchema.ERROR)).isNull();
            assertThat(row.<Object>getAs(PredictionSchema.LABEL)).isNull();
            assertTopFive(row, expected.get("top5"), probabilities(expected.get("logits")));
            List<Long> experts = row.getList(row.fieldIndex(PredictionSchema.EXPERTS));
            assertThat(experts).containsExactly(JSON.treeToValue(expected.get("experts"), Long[].class));
            List<Float> rowGates = row.getList(row.fieldIndex(PredictionSchema.GATES));
            for (int j = 0; j < rowGates.size(); j++) {
                assertThat(rowGates.get(j)).isCloseTo(djl.get(i).gates()[j], within((float) TOLERANCE));
            }
        }
        assertThat(rows.get(images.get(0).toString()).<Long>getAs(PredictionSchema.INDEX)).isZero();
        assertThat(rows.get(images.get(4).toString()).<Long>getAs(PredictionSchema.INDEX)).isEqualTo(7L);
        Row broken = rows.get(dir.resolve("pictures/broken.png").toString());
        assertThat(broken.<String>getAs(PredictionSchema.ERROR)).startsWith(dir.resolve("pictures/broken.png") + ": cannot decode image");
        assertThat(broken.<Object>getAs(PredictionSchema.TOP5_CLASS)).isNull();
        assertThat(rows.get(dir.resolve("pictures/absent.jpg").toString()).<String>getAs(PredictionSchema.ERROR))
                .startsWith(dir.resolve("pictures/absent.jpg") + ": ").contains("not found").doesNotContain("\n");
        JsonNode summary = JSON.readTree(out.resolve("_summary.json").toFile());
        assertThat(summary.get("images").asLong()).isEqualTo(7);
        assertThat(summary.get("errors").asLong()).isEqualTo(2);
    }

    @Test
    void predictionsOfADatasetSplitEqualTheDjlForwardAndKeepTheirLabels() throws Exception {
        Path out = dir.resolve("val-out");
        assertThat(classify("--data", "fashion-mnist-sample", "--split", "val", "--val-fraction", "0.05", "--seed", "3",
                "--partitions", "3", "--format", "csv", "--out", out.toString())).isZero();
        List<Row> rows = spark.read().option("header", true).csv(out.toString()).collectAsList();
        ImageSource val = Datasets.open("fashion-mnist-sample", 0.05, 3).val();
        assertThat(rows).hasSize(val.size()).hasSize(200);
        List<Image> decoded = new ArrayList<>();
        for (Row row : rows) {
            decoded.add(val.image(Integer.parseInt(row.getAs(PredictionSchema.INDEX))));
        }
        List<Predictor.Prediction> expected = djlPredictions(decoded);
        Dataset dataset = Datasets.open("fashion-mnist-sample", 0.05, 3);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int index = Integer.parseInt(row.getAs(PredictionSchema.INDEX));
            assertThat(Integer.parseInt(row.getAs(PredictionSchema.LABEL))).isEqualTo(val.label(index));
            assertThat(row.<String>getAs(PredictionSchema.LABEL_NAME)).isEqualTo(dataset.classNames().get(val.label(index)));
            int[] classes = Arrays.stream(csvArray(row, PredictionSchema.TOP5_CLASS)).mapToInt(Integer::parseInt).toArray();
            float[] probabilities = new float[5];
            String[] text = csvArray(row, PredictionSchema.TOP5_PROBABILITY);
            for (int r = 0; r < 5; r++) {
                probabilities[r] = Float.parseFloat(text[r]);
            }
            assertRanked(classes, probabilities, expected.get(i).probabilities());
            assertThat(Arrays.stream(csvArray(row, PredictionSchema.EXPERTS)).mapToLong(Long::parseLong).toArray())
                    .containsExactly(expected.get(i).experts());
        }
    }

    @Test
    void aSecondRunOntoTheSameOutputIsRefusedAndLeavesTheFirstResultAsItWas() throws Exception {
        Path out = dir.resolve("rerun-out");
        assertThat(classify("--images", list.toString(), "--out", out.toString())).isZero();
        List<String> before = listing(out);
        StringWriter err = new StringWriter();
        int code = classify(err, "--data", "fashion-mnist-sample", "--out", out.toString());
        assertThat(code).isEqualTo(SparkMain.EXIT_USER_ERROR);
        assertThat(err.toString()).isEqualTo("error: " + out + ": already exists; a run never overwrites an earlier"
                + " result (give another --out, or delete it)" + System.lineSeparator());
        assertThat(listing(out)).isEqualTo(before);
        assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(7);
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".tmp-"));
        }
    }

    static int classify(String... args) {
        return classify(new StringWriter(), args);
    }

    static int classify(StringWriter err, String... args) {
        CommandLine cli = SparkMain.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("classify", "--model", model.onnx.toString()));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    /** {@code vmoe4j predict --json} on the files: the DJL forward of the safetensors weights. */
    private static JsonNode predict(List<Path> files) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of("predict", "--json", "--weights", model.weights.toString()));
        args.addAll(TinyExportedModel.CLI_OPTIONS);
        files.forEach(f -> args.add(f.toString()));
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        return JSON.readTree(out.toString());
    }

    /** The DJL forward of the safetensors weights (what {@code predict} runs), with the gates it does not print. */
    private static List<Predictor.Prediction> djlPredictions(List<Image> decoded) {
        try (Classifier djl = (Classifier) Models.load(TinyExportedModel.SPEC.resolve(), model.weights)) {
            return new Predictor(new DjlInference(djl, Dispatch.SPARSE, Normalization.HALF)).predict(decoded);
        }
    }

    private static void assertTopFive(Row row, JsonNode top5, float[] reference) {
        List<Integer> classes = row.getList(row.fieldIndex(PredictionSchema.TOP5_CLASS));
        List<Float> probabilities = row.getList(row.fieldIndex(PredictionSchema.TOP5_PROBABILITY));
        List<String> names = row.getList(row.fieldIndex(PredictionSchema.TOP5_NAME));
        float[] p = new float[5];
        for (int r = 0; r < 5; r++) {
            p[r] = probabilities.get(r);
            assertThat(names.get(r)).isEqualTo(TinyExportedModel.CLASS_NAMES.get(classes.get(r)));
            assertThat(p[r]).isCloseTo((float) top5.get(r).get("probability").asDouble(), within((float) TOLERANCE));
        }
        assertRanked(classes.stream().mapToInt(Integer::intValue).toArray(), p, reference);
    }

    /**
     * The job's ranked classes are the reference's five most probable: each class has the reference's
     * probability, and the r-th has the reference's r-th largest (so near-ties may swap, nothing else).
     */
    private static void assertRanked(int[] classes, float[] probabilities, float[] reference) {
        float[] sorted = reference.clone();
        Arrays.sort(sorted);
        assertThat(classes).doesNotHaveDuplicates().hasSize(5);
        for (int r = 0; r < 5; r++) {
            assertThat(probabilities[r]).isCloseTo(reference[classes[r]], within((float) TOLERANCE));
            assertThat(probabilities[r]).isCloseTo(sorted[sorted.length - 1 - r], within((float) TOLERANCE));
        }
    }

    /** softmax of {@code predict}'s logits, in double. */
    private static float[] probabilities(JsonNode logits) throws Exception {
        float[] z = JSON.treeToValue(logits, float[].class);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        float[] p = new float[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = (float) (Math.exp(z[c] - max) / sum);
        }
        return p;
    }

    private static String[] csvArray(Row row, String column) {
        return row.<String>getAs(column).split(PredictionSchema.CSV_SEPARATOR);
    }

    private static List<String> listing(Path out) throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(f -> out.relativize(f) + " " + f.toFile().lastModified() + " " + f.toFile().length()).sorted().toList();
        }
    }

    private static Path writeImage(Path file, int width, int height, int type, String format, Random random) throws Exception {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ImageIO.write(image, format, file.toFile());
        return file;
    }
}
