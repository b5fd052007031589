package org.vmoe4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import picocli.CommandLine;

/** Bad options and files: one line on stderr, exit 2 for usage and 1 for files, and no output directory. */
class ClassifyCommandTest {
    @TempDir
    static Path dir;
    static TinyExportedModel model;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp() throws Exception {
        LocalSpark.session();
        model = TinyExportedModel.write(dir);
    }

    @Test
    void aMissingModelFileIsAOneLineError() {
        Path absent = dir.resolve("absent.onnx");
        assertOneLine(run("classify", "--model", absent.toString(), "--data", "fashion-mnist-sample", "--out", out()),
                SparkMain.EXIT_USER_ERROR, "error: " + absent + ": no such file");
    }

    @Test
    void aFileThatIsNotOnnxIsAOneLineError() throws Exception {
        Path text = Files.writeString(dir.resolve("model.onnx"), "not a model\n");
        assertThat(run("classify", "--model", text.toString(), "--data", "fashion-mnist-sample", "--out", out()))
                .isEqualTo(SparkMain.EXIT_USER_ERROR);
        assertThat(err.toString()).startsWith("error: " + text + ": not an ONNX model ONNX Runtime can load").hasLineCount(1);
    }

    @Test
    void bothOrNeitherInputIsAUsageError() {
        assertOneLine(run("classify", "--model", model.onnx.toString(), "--out", out()), CommandLine.ExitCode.USAGE,
                "error: give either --data KIND:DIR or --images LIST.txt (see 'vmoe4j-spark classify --help')");
    }

    @Test
    void anUnknownFormatOrSplitIsAUsageError() {
        assertThat(run("classify", "--model", model.onnx.toString(), "--data", "fashion-mnist-sample", "--format", "json",
                "--out", out())).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith("error: --format json: expected parquet or csv").hasLineCount(1);
    }

    @Test
    void aMissingListIsAOneLineError() {
        Path absent = dir.resolve("absent.txt");
        assertThat(run("classify", "--model", model.onnx.toString(), "--images", absent.toString(), "--out", out()))
                .isEqualTo(SparkMain.EXIT_USER_ERROR);
        assertThat(err.toString()).startsWith("error: --images " + absent + ": no such file").hasLineCount(1);
    }

    @Test
    void anUnknownDatasetKindIsAOneLineError() {
        assertThat(run("classify", "--model", model.onnx.toString(), "--data", "imagenet:/data", "--out", out()))
                .isEqualTo(SparkMain.EXIT_USER_ERROR);
        assertThat(err.toString()).startsWith("error: unknown dataset kind 'imagenet'").hasLineCount(1);
    }

    @Test
    void anEmptySplitIsAOneLineError() {
        assertOneLine(run("classify", "--model", model.onnx.toString(), "--data", "fashion-mnist-sample", "--split", "val",
                "--out", out()), SparkMain.EXIT_USER_ERROR, "error: fashion-mnist-sample (val split): no images to classify");
    }

    @Test
    void aUserErrorThrownByATaskIsFoundBehindSparksJobFailure() {
        Throwable failure = catchThrowable(() -> LocalSpark.session().range(0, 4, 1, 2).javaRDD().map(i -> {
            throw new UserError("/data/x.jpg: cannot decode image");
        }).count());
        assertThat(failure).isInstanceOf(SparkException.class);
        assertThat(SparkMain.userError(failure)).hasMessage("/data/x.jpg: cannot decode image");
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    private int run(String... args) {
        CommandLine cli = SparkMain.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void assertOneLine(int code, int expectedCode, String expectedLine) {
        assertThat(code).isEqualTo(expectedCode);
        assertThat(err.toString()).isEqualTo(expectedLine + System.lineSeparator());
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
