package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.io.SafeTensors;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.train.TrainingRun;
import picocli.CommandLine;

/**
 * Issue 16's other half: hostile options and damaged run directories. Option values that cannot work are usage
 * errors (exit 2) found before anything is read or written; damaged files of a run are one line naming the file
 * (exit 1); nothing prints a stack trace, and a finished run is never written over.
 */
class HostileOptionsTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void trainTinyRun() {
        run = dir.resolve("run");
        TrainingRun.start(run, new ModelSpec.Builder("mlit-xxs").input(12, 3, 1).build(), "fashion-mnist-sample",
                "quick", Recipes.get("quick").toBuilder().epochs(1).batchSize(16).trainImages(32).valFraction(0.01)
                        .workers(1).build(), null).train(new org.vmoe4j.train.QuietListener());
    }

    @Test
    void impossibleOptionValuesAreUsageErrorsBeforeAnyWork() {
        Path never = dir.resolve("never");
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--data", "nosuch:/x"), "--data");
        cases.put(List.of("--data", "cifar10"), "--data");
        cases.put(List.of("--flip", "7"), "--flip");
        cases.put(List.of("--crop-scale", "0,0"), "--crop-scale");
        cases.put(List.of("--lr", "Infinity"), "--lr");
        cases.put(List.of("--router-weight", "NaN"), "--router-weight");
        cases.put(List.of("--router-weight", "-1"), "--router-weight");
        cases.put(List.of("--classes", "0"), "--classes must be at least 1");
        cases.put(List.of("--model", "mvmoe-6x64", "--experts", "5", "--k", "7"), "k must be in 1..5");
        cases.forEach((args, mentioned) -> {
            assertUsageError(CliRun.of(concat(List.of("train", "--out", never.toString()), args)), mentioned);
            assertThat(never).as(String.join(" ", args)).doesNotExist();
        });
        assertUsageError(CliRun.of("inspect", "--model", "vit-6x64", "--classes", "-3"), "--classes must be at least 1");
        assertUsageError(CliRun.of("inspect", "--model", "vit-6x64", "--image-size", "2000000000", "--patch-size", "1"),
                "exceeds 4096 pixels");
    }

    @Test
    void aDirectoryThatHoldsAFinishedRunIsNeverWrittenOver() throws IOException {
        Path finished = copyOfRun("finished");
        Files.delete(finished.resolve(RunDirectory.CHECKPOINT)); // the case that used to be overwritten
        byte[] weights = Files.readAllBytes(finished.resolve(RunDirectory.WEIGHTS));
        CliRun.of("train", "--model", "mlit-xxs", "--image-size", "12", "--patch-size", "3", "--channels", "1",
                "--data", "fashion-mnist-sample", "--out", finished.toString()).assertRefused(finished.toString());
        assertThat(Files.readAllBytes(finished.resolve(RunDirectory.WEIGHTS))).isEqualTo(weights);
    }

    @Test
    void damagedRunFilesAreOneLineNamingTheFile() throws IOException {
        Path incomplete = copyOfRun("incomplete");
        Files.writeString(incomplete.resolve(RunDirectory.CONFIG), "{\"preset\": \"mlit-xxs\"}");
        CliRun.of("eval", "--run", incomplete.toString()).assertRefused(RunDirectory.CONFIG);

        Path empty = copyOfRun("empty-values");
        Files.writeString(empty.resolve(RunDirectory.CONFIG), "{\"model\": null, \"train\": {}, \"data\": \"\"}");
        CliRun.of("eval", "--run", empty.toString()).assertRefused(RunDirectory.CONFIG);

        Path metrics = copyOfRun("metrics");
        Files.writeString(metrics.resolve("metrics.jsonl"), "{\"epoch\": 1, \"loss\": oops\n", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(metrics.resolve(RunDirectory.WEIGHTS));
        CliRun.of("train", "--resume", metrics.toString()).assertRefused("metrics.jsonl: line 2");

        Path shortNames = copyOfRun("short-classes");
        Files.writeString(shortNames.resolve(RunDirectory.CLASSES), "[\"a\", \"b\", \"c\"]");
        Path image = HostileCommands.validImage(dir.resolve("shoe.png"));
        CliRun.of("predict", "--run", shortNames.toString(), image.toString()).assertRefused(RunDirectory.CLASSES);

        Path nullNames = copyOfRun("null-classes");
        Files.writeString(nullNames.resolve(RunDirectory.CLASSES), "null");
        CliRun.of("predict", "--run", nullNames.toString(), image.toString()).assertRefused(RunDirectory.CLASSES);
    }

    @Test
    void aCheckpointWithoutItsMetadataOrCutShortIsRefusedOnResume() throws IOException {
        Path bare = copyOfRun("bare-checkpoint");
        Path checkpoint = bare.resolve(RunDirectory.CHECKPOINT);
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            SafeTensors.write(checkpoint, SafeTensors.read(checkpoint, manager), Map.of());
        }
        Files.delete(bare.resolve(RunDirectory.WEIGHTS));
        CliRun.of("train", "--resume", bare.toString()).assertRefused(RunDirectory.CHECKPOINT);

        Path cut = copyOfRun("cut-checkpoint");
        Path cutFile = cut.resolve(RunDirectory.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(cutFile);
        Files.write(cutFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(cut.resolve(RunDirectory.WEIGHTS));
        CliRun.of("train", "--resume", cut.toString()).assertRefused(RunDirectory.CHECKPOINT);
    }

    @Test
    void moreExpertsPerImageThanSuperClassGroupsIsOneLine() {
        Path map = dir.resolve("two-groups.json");
        var classes = org.vmoe4j.data.Datasets.open("fashion-mnist-sample", 0, 0).classNames();
        SuperClassMap.write(map, SuperClassMap.random(10, 2, 0), classes);
        CliRun result = CliRun.of("train", "--model", "mvmoe-6x64", "--image-size", "8", "--patch-size", "4",
                "--k", "3", "--data", "fashion-mnist-sample", "--superclasses", map.toString(), "--out",
                dir.resolve("k3").toString());
        result.assertRefused("k must be in 1..2");
        assertThat(dir.resolve("k3")).doesNotExist();
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        CliRun.of("train", "--model", "mlit-xxs", "--image-size", "12", "--patch-size", "3", "--channels", "1",
                "--data", "fashion-mnist-sample", "--epochs", "1", "--train-images", "16", "--out",
                file.resolve("run").toString()).assertRefused(file.resolve("run").toString());
    }

    private static void assertUsageError(CliRun result, String mentioned) {
        String why = "stderr: " + result.err();
        assertThat(result.exit()).as(why).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err()).as(why).startsWith("error: ").contains(mentioned).doesNotContain("\tat ");
        assertThat(result.err().strip().lines().count()).as(why).isEqualTo(1);
    }

    private static Path copyOfRun(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static String[] concat(List<String> head, List<String> tail) {
        return java.util.stream.Stream.concat(head.stream(), tail.stream()).toArray(String[]::new);
    }
}
