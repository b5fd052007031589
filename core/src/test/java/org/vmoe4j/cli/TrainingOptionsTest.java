package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The DeiT options on the command line: values out of range and conflicting augmentations are usage errors. */
class TrainingOptionsTest {

    private void assertUsageError(String message, String... args) {
        CliHarness one = new CliHarness();
        assertThat(one.run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(one.err.toString().strip()).doesNotContain("\n").contains(message);
    }

    @Test
    void badRegulariserValuesAreOneLineUsageErrors() {
        assertUsageError("--label-smoothing", "train", "--label-smoothing", "1.5", "--out", "target/never");
        assertUsageError("--drop-path", "train", "--drop-path", "-0.1", "--out", "target/never");
        assertUsageError("--random-erasing", "train", "--random-erasing", "2", "--out", "target/never");
        assertUsageError("--mixup", "train", "--mixup", "-1", "--out", "target/never");
        assertUsageError("--rand-augment", "train", "--rand-augment", "rand-x9", "--out", "target/never");
        assertUsageError("half, imagenet", "train", "--normalization", "cifar", "--out", "target/never");
    }

    @Test
    void randAugmentAndAutoAugmentAreAlternatives() {
        assertUsageError("alternatives", "train", "--recipe", "ml-cifar100", "--rand-augment", "rand-m9-mstd0.5-inc1",
                "--out", "target/never");
        assertUsageError("act on class targets", "pretrain", "--mixup", "0.8", "--out", "target/never");
        assertUsageError("unknown recipe 'nonsense'", "train", "--recipe", "nonsense", "--out", "target/never");
    }
}
