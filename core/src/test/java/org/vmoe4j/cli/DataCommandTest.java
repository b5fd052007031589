package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.data.Cifar100ReaderTest;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.FolderReaderTest;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code vmoe4j data ARGS} through Main's error handling; returns the exit code. */
    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "data";
        System.arraycopy(args, 0, full, 1, args.length);
        return cli.execute(full);
    }

    private JsonNode json(String... args) throws IOException {
        String[] full = new String[args.length + 1];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--json";
        assertThat(run(full)).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void printsEverySplitWithSizeAndClasses() {
        assertThat(run("--data", "fashion-mnist-sample", "--val-fraction", "0.1", "--seed", "3")).isZero();
        String text = out.toString();
        assertThat(text).contains("dataset: fashion-mnist-sample")
                .containsPattern("train\\s+3600\\s+10 of 10\\s+28x28x1")
                .containsPattern("val\\s+400\\s+10 of 10\\s+28x28x1.*carved from train: fraction 0.1, seed 3")
                .containsPattern("test\\s+1000\\s+10 of 10\\s+28x28x1")
                .contains("classes (10): T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, "
                        + "Ankle boot")
                .contains("super-classes: none");
    }

    @Test
    void jsonHasSplitsClassesAndNoSuperClasses() throws IOException {
        JsonNode root = json("--data", "fashion-mnist-sample", "--val-fraction", "0.25");
        assertThat(root.get("dataset").asText()).isEqualTo("fashion-mnist-sample");
        assertThat(root.get("valSplit").asText()).isEqualTo("carved");
        assertThat(root.at("/splits/train/images").asInt()).isEqualTo(3000);
        assertThat(root.at("/splits/val/images").asInt()).isEqualTo(1000);
        assertThat(root.at("/splits/test/imageSize/height").asInt()).isEqualTo(28);
        assertThat(root.at("/splits/test/imageSize/channels").asInt()).isEqualTo(1);
        assertThat(root.get("classNames")).hasSize(10);
        assertThat(root.get("superClasses").isNull()).isTrue();
    }

    @Test
    void showsCifar100SuperClasses() throws IOException {
        Cifar100ReaderTest.writeCifar100(dir);
        JsonNode root = json("--data", "cifar100:" + dir, "--val-fraction", "0");
        assertThat(root.get("numClasses").asInt()).isEqualTo(100);
        assertThat(root.get("valSplit").asText()).isEqualTo("none");
        assertThat(root.at("/superClasses/numGroups").asInt()).isEqualTo(20);
        assertThat(root.at("/superClasses/classToGroup/13").asInt()).isEqualTo(Cifar100ReaderTest.groupOf(13));
        assertThat(root.at("/splits/train/imageSize/channels").asInt()).isEqualTo(3);

        out.getBuffer().setLength(0);
        assertThat(run("--data", "cifar100:" + dir)).isZero();
        assertThat(out.toString()).contains("super-classes (20 groups):").contains("coarse7: ")
                .containsPattern("train\\s+95\\s+"); // 5% held out, as train does by default
    }

    @Test
    void folderImageSizesVary() throws IOException {
        FolderReaderTest.writeTree(dir);
        JsonNode root = json("--data", "folder:" + dir, "--val-fraction", "0");
        JsonNode size = root.at("/splits/train/imageSize");
        assertThat(size.get("uniform").asBoolean()).isFalse();
        assertThat(size.get("minHeight").asInt()).isEqualTo(3);
        assertThat(size.get("maxWidth").asInt()).isEqualTo(9);
        assertThat(size.get("channels").toString()).isEqualTo("[1,3]");

        out.getBuffer().setLength(0);
        assertThat(run("--data", "folder:" + dir, "--val-fraction", "0")).isZero();
        assertThat(out.toString()).contains("varies: height 3..7, width 4..9, channels 1/3 (4 sampled)");
    }

    @Test
    void writesAPreviewAndMeasuresTheLoader() throws IOException {
        Path png = dir.resolve("preview.png");
        assertThat(run("--data", "fashion-mnist-sample", "--preview", png.toString(), "--samples", "4",
                "--image-size", "20", "--auto-augment", "none", "--bench", "--bench-seconds", "0.2",
                "--batch-size", "16", "--workers", "1")).as(err.toString()).isZero();
        BufferedImage grid = ImageIO.read(png.toFile());
        assertThat(grid).isNotNull();
        assertThat(grid.getWidth()).isGreaterThan(2 * 20 * 5); // 2 columns of images enlarged 5x
        assertThat(out.toString()).contains("preview: 4 augmented training images (20x20, AutoAugment none)")
                .containsPattern("bench: \\d+ augmented images/s");
    }

    @Test
    void unknownKindIsAOneLineUsageError() {
        assertThat(run("--data", "imagenet21k:/x")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: Invalid value for option '--data': unknown dataset kind 'imagenet21k'")
                .contains("cifar10, cifar100").doesNotContain("\n");
    }

    @Test
    void missingDirectoryIsOneLineAndExitCodeOne() {
        assertThat(run("--data", "cifar10:" + dir.resolve("absent"))).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + dir.resolve("absent") + ": CIFAR-10 directory not found");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(run("--val-fraction", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--val-fraction");
        assertThat(run("--auto-augment", "imagenet")).isEqualTo(2);
        assertThat(err.toString()).contains("expected one of none, cifar10, svhn");
    }

    @Test
    void helpListsEveryRegisteredKind() {
        StringWriter help = new StringWriter();
        new CommandLine(new DataCommand()).usage(new PrintWriter(help));
        for (Datasets.Kind kind : Datasets.kinds()) {
            assertThat(help.toString()).contains("  " + kind.usage());
        }
        assertThat(help.toString()).contains("Default: 16").contains("Examples:").contains("Dataset kinds");
    }
}
