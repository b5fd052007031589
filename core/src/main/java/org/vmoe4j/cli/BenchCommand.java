package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.train.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j bench}: forward and training-step throughput on synthetic images. */
@Command(name = "bench", header = "Forward and training throughput of a model on this machine.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model's speed on this machine with random input: forward passes (inference)",
            "and training steps (forward, loss, backward, AdamW). Prints images/s, ms per batch and the",
            "achieved GFLOP/s (FLOPs per image as 'inspect' counts them; a training step counts 3x).", "",
            "Examples:", "  vmoe4j bench --model mlit-xxs --batch 128",
            "  vmoe4j bench --model mvmoe-6x64 --batch 1 --dispatch dense"})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10", description = "Timed batches per phase (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--dispatch", paramLabel = "MODE", defaultValue = "SPARSE",
            description = "How MoE rows reach experts: SPARSE (each expert runs on its own rows; default) or DENSE "
                    + "(every expert on every row, gate-weighted).")
    Dispatch dispatch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--batch and --iterations must be at least 1 and --warmup at least 0");
        }
        ModelConfig config = modelOptions.resolve();
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Models.build(config, 0)) {
            out.printf("%s, batch %d, %s dispatch, %d threads: %.1f MFLOPs/image%n", modelOptions.model, batch,
                    dispatch.name().toLowerCase(), Runtime.getRuntime().availableProcessors(),
                    model.totalCost().flops() / 1e6);
            out.flush();
            Benchmark.Report report = new Benchmark(model, batch, dispatch).run(warmup, iterations);
            print(out, "forward", report.forward());
            print(out, "train step", report.training());
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String phase, Benchmark.Result r) {
        out.printf("%-11s %10.1f images/s %10.2f ms/batch %8.1f GFLOP/s%n", phase, r.imagesPerSecond(),
                r.millisPerBatch(), r.gigaflops());
    }
}
