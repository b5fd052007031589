package org.vmoe4j.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.tensor.NativeRuntime;
import org.vmoe4j.train.Benchmark;
import org.vmoe4j.train.StepProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j bench}: forward and training-step throughput on synthetic images, or a profile of training steps. */
@Command(name = "bench", header = "Forward and training throughput of a model on this machine.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model's speed on this machine with random input: forward passes (inference)",
            "and training steps (forward, loss, backward, AdamW). Prints images/s, ms per batch and the",
            "achieved GFLOP/s (FLOPs per image as 'inspect' counts them; a training step counts 3x).",
            "With --profile, records training steps with PyTorch's profiler instead and prints where the time goes.", "",
            "Examples:", "  vmoe4j bench --model mlit-xxs --batch 128",
            "  vmoe4j bench --model vit-6x64 --batch 1 --phases forward --json",
            "  vmoe4j bench --model mvmoe-6x64 --batch 1 --dispatch dense",
            "  vmoe4j bench --model vit-6x64 --profile trace.json"})
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

    @Option(names = "--phases", paramLabel = "LIST", split = ",", defaultValue = "train,forward",
            converter = PhaseConverter.class, description = "What to measure: train, forward or both (default: ${DEFAULT-VALUE}).")
    List<Benchmark.Phase> phases;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch's intra-op threads (default: PyTorch's choice, one per core).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object (fields as tools/bench_compare.py reads them) instead of the table.")
    boolean json;

    @Option(names = "--profile", paramLabel = "FILE", description = "Record --iterations training steps with PyTorch's "
            + "profiler, write the Chrome trace to FILE and print native calls and the top operators per step.")
    Path profile;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    /** Accepts the phase names in lower case. */
    static final class PhaseConverter implements picocli.CommandLine.ITypeConverter<Benchmark.Phase> {
        @Override
        public Benchmark.Phase convert(String value) {
            for (Benchmark.Phase phase : Benchmark.Phase.values()) {
                if (phase.name().equalsIgnoreCase(value.strip())) {
                    return phase;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected train or forward, found '" + value + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--batch and --iterations must be at least 1 and --warmup at least 0");
        }
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, found " + threads);
        }
        ModelConfig config = modelOptions.resolve();
        if (threads != null) {
            NativeRuntime.setThreads(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Models.build(config, 0, devices.single())) {
            long flops = model.totalCost().flops();
            if (!json) {
                out.printf("%s, batch %d, %s dispatch, %d threads: %.1f MFLOPs/image%n", modelOptions.model, batch,
                        dispatch.name().toLowerCase(), NativeRuntime.threads(), flops / 1e6);
                out.flush();
            }
            Benchmark benchmark = new Benchmark(model, batch, dispatch);
            if (profile != null) {
                printProfile(out, benchmark.profile(warmup, iterations, profile, 15));
            } else {
                Benchmark.Report report = benchmark.run(warmup, iterations, EnumSet.copyOf(phases));
                if (json) {
                    out.println(new ObjectMapper().writeValueAsString(toJson(model, flops, report)));
                } else {
                    print(out, "forward", report.forward());
                    print(out, "train step", report.training());
                }
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(Model model, long flops, Benchmark.Report report) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("model", modelOptions.model);
        root.put("batch", batch);
        root.put("runtime", "djl");
        root.put("threads", NativeRuntime.threads());
        root.put("dispatch", dispatch.name().toLowerCase());
        root.put("iterations", iterations);
        root.put("warmup", warmup);
        root.put("parameters", model.parameters().count());
        root.put("flopsPerImage", flops);
        put(root, "train", report.training());
        put(root, "forward", report.forward());
        Benchmark.Result forward = report.forward();
        root.put("latencyMsMedian", batch == 1 && forward != null ? forward.millisMedian() : null);
        root.put("pytorchVersion", Engine.getEngine("PyTorch").getVersion());
        return root;
    }

    private static void put(ObjectNode root, String phase, Benchmark.Result r) {
        root.put(phase + "ImagesPerSecond", r == null ? null : r.imagesPerSecond());
        root.put(phase + "MsPerBatch", r == null ? null : r.millisPerBatch());
        root.put(phase + "MsMedian", r == null ? null : r.millisMedian());
        root.put(phase + "CpuMsPerBatch", r == null ? null : r.cpuMillisPerBatch());
        root.put(phase + "Gflops", r == null ? null : r.gigaflops());
    }

    private static void print(PrintWriter out, String phase, Benchmark.Result r) {
        if (r != null) {
            out.printf("%-11s %10.1f images/s %10.2f ms/batch (median %.2f) %8.1f GFLOP/s%n", phase,
                    r.imagesPerSecond(), r.millisPerBatch(), r.millisMedian(), r.gigaflops());
        }
    }

    private void printProfile(PrintWriter out, StepProfile.Summary s) {
        out.printf("%d profiled training steps (trace: %s), per step: %.1f ms%n", s.steps(), profile, s.wallMillis());
        out.printf("%-10s %14s %12s %12s %8s%n", "phase", "top-level ops", "in ops ms", "wall ms", "in ops");
        for (StepProfile.PhaseCost p : s.phases()) {
            out.printf("%-10s %14.0f %12.2f %12.2f %7.0f%%%n", p.phase().name().toLowerCase(), p.calls(), p.opMillis(),
                    p.wallMillis(), 100 * p.opMillis() / p.wallMillis());
        }
        out.println("backward's top-level ops are autograd nodes run by one native call.");
        out.printf("%-50s %10s %12s%n", "operator (self time, per step)", "calls", "self ms");
        for (StepProfile.OpCost op : s.topOps()) {
            out.printf("%-50s %10.0f %12.2f%n", op.name(), op.calls(), op.selfMillis());
        }
    }
}
