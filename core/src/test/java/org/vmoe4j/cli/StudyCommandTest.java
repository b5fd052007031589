package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** study --ablation's command line: arms that cannot be built are refused in one line before anything is written. */
class StudyCommandTest {
    private static void assertRefused(int code, String message, String... args) {
        CliHarness cli = new CliHarness();
        assertThat(cli.run(args)).as(cli.err.toString()).isEqualTo(code);
        assertThat(cli.err.toString().strip()).doesNotContain("\n").contains(message);
        assertThat(Path.of("target/never-ablation")).doesNotExist();
    }

    @Test
    void ablationsThatCannotBeBuiltAreRefused() {
        assertRefused(2, "exceed the depth", "study", "--ablation", "fig3c", "--model", "mvmoe-6x64", "--values", "8",
                "--out", "target/never-ablation");
        assertRefused(1, "mlit", "study", "--ablation", "table9", "--model", "mvmoe-6x64", "--out",
                "target/never-ablation");
        assertRefused(2, "fig3b, fig3c, fig3d, fig3e, table9", "study", "--ablation", "fig3f", "--out",
                "target/never-ablation");
        assertRefused(1, "--values", "study", "--ablation", "fig3e", "--model", "mvmoe-6x64", "--values", "2",
                "--out", "target/never-ablation");
        assertRefused(2, "--dense-k", "study", "--ablation", "fig3d", "--dense-k", "2", "--out", "target/never-ablation");
        assertRefused(2, "--models", "study", "--ablation", "fig3d", "--models", "vit-6x64", "--out",
                "target/never-ablation");
        assertRefused(2, "--ablation", "study", "--values", "2", "--out", "target/never-ablation");
    }
}
