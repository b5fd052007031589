package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.run.RunDirectory;
import picocli.CommandLine;

/** {@code --devices} on train, pretrain, eval and bench: bad values are one-line usage errors; a list trains. */
class DeviceOptionsTest {
    @TempDir
    Path dir;

    @Test
    void unknownDevicesAndAbsentGpusAreOneLineUsageErrors() {
        Path never = dir.resolve("never");
        assertUsageError(CliRun.of("train", "--out", never.toString(), "--devices", "tpu"), "'tpu'");
        assertUsageError(CliRun.of("train", "--out", never.toString(), "--devices", "gpu:7"), "'gpu:7' names a GPU");
        assertUsageError(CliRun.of("pretrain", "--out", never.toString(), "--devices", "gpu"), "'gpu' names a GPU");
        assertUsageError(CliRun.of("eval", "--run", never.toString(), "--devices", "gpu:0,1"), "names a GPU");
        assertUsageError(CliRun.of("bench", "--model", "vit-6x64", "--devices", "tpu"), "'tpu'");
        assertUsageError(CliRun.of("bench", "--model", "vit-6x64", "--devices", "cpu,cpu"),
                "bench runs on one device, got 2 (cpu,cpu)");
        assertThat(never).doesNotExist();
    }

    @Test
    void trainingOnTwoCpuReplicasSaysSoAndKeepsThemOutOfTheRun() throws Exception {
        Path run = dir.resolve("run");
        CliHarness cli = new CliHarness();
        int exit = cli.run("train", "--model", "vit-6x64", "--image-size", "12", "--patch-size", "3", "--channels",
                "1", "--data", "fashion-mnist-sample", "--epochs", "1", "--batch-size", "8", "--train-images", "16",
                "--val-fraction", "0.01", "--workers", "1", "--out", run.toString(), "--devices", "cpu,cpu");
        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("devices: cpu,cpu (data-parallel: 2 replicas)");
        assertThat(run.resolve(RunDirectory.WEIGHTS)).exists();
        assertThat(Files.readString(run.resolve(RunDirectory.CONFIG))).doesNotContain("devices").doesNotContain("cpu");
    }

    private static void assertUsageError(CliRun result, String mentioned) {
        String why = "stderr: " + result.err();
        assertThat(result.exit()).as(why).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err()).as(why).startsWith("error: ").contains("--devices").contains(mentioned)
                .doesNotContain("\tat ");
        assertThat(result.err().strip().lines().count()).as(why).isEqualTo(1);
    }
}
