package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's contract: help, one-line usage errors with exit code 2, and inspect's JSON. */
class CliTest {
    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("inspect", "bench");
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            StringWriter text = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(text));
            assertThat(cli.execute(command, "--help")).as(command).isZero();
            assertThat(text.toString()).as(command).contains("Usage:");
        }
    }

    @Test
    void anUnknownOptionIsAOneLineUsageError() {
        assertThat(run("inspect", "--bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--bogus");
    }

    @Test
    void anUnknownModelIsAOneLineUsageErrorListingTheKnownOnes() {
        assertThat(run("inspect", "--model", "vit-huge")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("vit-huge", "mlit-xxs");
    }

    @Test
    void aBadValueIsAUsageError() {
        assertThat(run("inspect", "--model", "mlit-xxs", "--image-size", "35")).isEqualTo(2);
        assertThat(err.toString()).contains("image size 35");
        assertThat(run("inspect", "--model", "mlit-xxs", "--experts", "4")).isEqualTo(2);
        assertThat(run("bench", "--batch", "zero")).isEqualTo(2);
    }

    @Test
    void trainingAnAutoencoderAsAClassifierIsRefusedInOneLine() {
        assertThat(run("train", "--model", "mmlit-xxs", "--out", "target/never")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("train mlit-xxs instead");
    }

    @Test
    void aStudyOfANonViTModelIsRefusedInOneLineBeforeAnythingIsWritten() {
        assertThat(run("study", "--models", "vit-6x64,mlit-xxs", "--out", "target/never-study")).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--models", "'mlit-xxs'");
        assertThat(java.nio.file.Path.of("target/never-study")).doesNotExist();
        assertThat(run("study", "--resume", "target/never-study")).isEqualTo(1);
        assertThat(err.toString()).contains("not a study directory");
    }

    @Test
    void inspectJsonHasTheIntegerFields() throws Exception {
        assertThat(run("inspect", "--model", "mlit-xxs", "--classes", "10", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("params").isIntegralNumber()).isTrue();
        assertThat(json.get("params").asLong()).isEqualTo(662_273 - 90 * 109);
        assertThat(json.get("activeParams").asLong()).isLessThan(json.get("params").asLong());
        assertThat(json.get("flops").asLong()).isPositive();
        assertThat(json.get("layers")).hasSize(1 + 1 + 9 + 1 + 1);
    }
}
