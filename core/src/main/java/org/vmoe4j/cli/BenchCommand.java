package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vmoe4j.bench.LazyExpertsProbe;
import org.vmoe4j.bench.OnnxBenchmark;
import org.vmoe4j.bench.RuntimeResult;
import org.vmoe4j.bench.Timing;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.export.Quantization;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.tensor.NativeRuntime;
import org.vmoe4j.train.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j bench}: forward and training-step speed on synthetic images with DJL and/or ONNX Runtime, or a profile. */
@Command(name = "bench", header = "Forward and training speed of a model on this machine, with DJL or ONNX Runtime.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model (the preset with random weights) on random input: forward passes (inference)",
            "and training steps (forward, loss, backward, AdamW). Prints images/s, ms per batch (mean and median over",
            "--iterations) and the achieved GFLOP/s (FLOPs per image as 'inspect' counts them; a training step counts 3x),",
            "and, apart from those, the time from the JVM's start to the command, to build the model, and for ONNX Runtime",
            "to export it and create the session. At --batch 1 the median is the latency of one image.", "",
            "--runtime onnx exports the model (to temporary files, removed afterwards) and runs it with ONNX Runtime",
            "(forward only: training is DJL's); --runtime djl,onnx measures both in one run, one row each. --quantize and",
            "--lazy-experts choose the exported form. --lazy-experts (Mobile V-MoE routed per image) first classifies",
            "random images one at a time until three experts were used, the expert file evicted from the page cache",
            "before: after each image the resident bytes of the expert file and the latency, then the same images once",
            "their experts are resident, and whether their logits and experts equal those of the model with every expert",
            "in its graph.",
            "With --profile, records DJL training steps with PyTorch's profiler instead and prints where the time goes.", "",
            "Examples:", "  vmoe4j bench --model mlit-xxs --batch 128",
            "  vmoe4j bench --model vit-6x64 --batch 1 --phases forward --runtime djl,onnx",
            "  vmoe4j bench --model mlit-xxs --batch 32 --runtime onnx --quantize int8 --json",
            "  vmoe4j bench --model mvmoe-12x384 --batch 1 --runtime onnx --lazy-experts",
            "  vmoe4j bench --model mvmoe-6x64 --batch 1 --dispatch dense",
            "  vmoe4j bench --model vit-6x64 --profile trace.json"})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--runtime", paramLabel = "ENGINE", split = ",", defaultValue = "djl",
            description = "Engines to measure, one row each: djl (default), onnx (ONNX Runtime; forward only), or djl,onnx.")
    List<InferenceEngine> runtimes;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10", description = "Timed batches per phase (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--dispatch", paramLabel = "MODE", defaultValue = "SPARSE",
            description = "DJL: how MoE rows reach experts: SPARSE (each expert runs on its own rows; default) or DENSE "
                    + "(every expert on every row, gate-weighted).")
    Dispatch dispatch;

    @Option(names = "--phases", paramLabel = "LIST", split = ",", defaultValue = "train,forward",
            converter = PhaseConverter.class, description = "What to measure: train (DJL only), forward or both "
            + "(default: ${DEFAULT-VALUE}).")
    List<Benchmark.Phase> phases;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads of both engines (default: PyTorch's "
            + "choice, one per core; ONNX Runtime " + OnnxBenchmark.BATCH_1_THREADS + " at batch 1, the fastest here, "
            + "else one per core).")
    Integer threads;

    @Option(names = "--quantize", paramLabel = "FORM", defaultValue = "float32",
            description = "ONNX Runtime: float32 (default), int8 (activations quantised per batch) or int8-static "
                    + "(activation ranges calibrated on random images).")
    Quantization quantization;

    @Option(names = "--lazy-experts", description = "ONNX Runtime, Mobile V-MoE routed per image: the experts in a "
            + "memory-mapped file of which only the chosen experts are read; adds the probe described above.")
    boolean lazyExperts;

    @Option(names = "--json", description = "Print one JSON object (fields as tools/bench_compare.py reads them, and "
            + "one object per engine under 'runtimes') instead of the table.")
    boolean json;

    @Option(names = "--profile", paramLabel = "FILE", description = "Record --iterations DJL training steps with "
            + "PyTorch's profiler, write the Chrome trace to FILE and print native calls and the top operators per step.")
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
        double commandMillis = Timing.sinceJvmStart();
        Set<InferenceEngine> engines = new LinkedHashSet<>(runtimes);
        checkOptions(engines);
        ModelConfig config = modelOptions.resolve();
        checkModel(config, engines);
        if (threads != null) {
            NativeRuntime.setThreads(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (Model model = Models.build(config, 0, devices.single())) {
            BenchOutput output = new BenchOutput(modelOptions.model, batch, iterations, warmup, model, commandMillis,
                    (System.nanoTime() - start) / 1e6);
            if (profile != null) {
                output.printProfile(out, profile, new Benchmark(model, batch, dispatch).profile(warmup, iterations, profile, 15));
            } else {
                List<RuntimeResult> results = engines.stream().map(e -> e == InferenceEngine.DJL ? djl(model) : onnx(model))
                        .toList();
                if (json) {
                    out.println(output.json(results));
                } else {
                    output.print(out, results);
                }
            }
        }
        out.flush();
        return 0;
    }

    private RuntimeResult djl(Model model) {
        double ready = Timing.sinceJvmStart();
        Benchmark.Report report = new Benchmark(model, batch, dispatch).run(warmup, iterations, EnumSet.copyOf(phases));
        return new RuntimeResult(InferenceEngine.DJL, NativeRuntime.threads(), EnumConverter.word(dispatch), ready, null,
                report, null);
    }

    private RuntimeResult onnx(Model model) {
        int onnxThreads = threads != null ? threads : OnnxBenchmark.defaultThreads(batch);
        String preset = modelOptions.spec().preset();
        try (OnnxBenchmark bench = OnnxBenchmark.open(model, preset, quantization, lazyExperts, onnxThreads)) {
            double ready = Timing.sinceJvmStart();
            LazyExpertsProbe.Report lazy = lazyExperts ? LazyExpertsProbe.measure(bench,
                    () -> OnnxBenchmark.open(model, preset, quantization, false, onnxThreads), iterations) : null;
            Timing.Result forward = phases.contains(Benchmark.Phase.FORWARD) ? bench.forward(batch, warmup, iterations) : null;
            return new RuntimeResult(InferenceEngine.ONNX, onnxThreads, quantization.id(), ready, bench.load(),
                    new Benchmark.Report(forward, null), lazy);
        }
    }

    private void checkOptions(Set<InferenceEngine> engines) {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw usage("--batch and --iterations must be at least 1 and --warmup at least 0");
        }
        if (threads != null && threads < 1) {
            throw usage("--threads must be at least 1, found " + threads);
        }
        boolean onnx = engines.contains(InferenceEngine.ONNX);
        if (!onnx && quantization != Quantization.FLOAT32) {
            throw usage("--quantize " + quantization.id() + " applies to ONNX Runtime; add --runtime onnx");
        }
        if (!onnx && lazyExperts) {
            throw usage("--lazy-experts applies to ONNX Runtime; add --runtime onnx");
        }
        if (onnx && profile != null) {
            throw usage("--profile records DJL training steps; it cannot be used with --runtime onnx");
        }
        if (!engines.contains(InferenceEngine.DJL) && !phases.contains(Benchmark.Phase.FORWARD)) {
            throw usage("ONNX Runtime measures forward passes only; use --phases forward, or --runtime djl for training");
        }
    }

    private void checkModel(ModelConfig config, Set<InferenceEngine> engines) {
        OnnxContract.Family family = OnnxExporter.family(config);
        if (engines.contains(InferenceEngine.ONNX) && family == OnnxContract.Family.MMLIT_ENCODER) {
            throw usage("--runtime onnx measures classifiers; " + modelOptions.model + " is a pre-training auto-encoder");
        }
        if (lazyExperts && !family.routedPerImage()) {
            throw usage("--lazy-experts needs a Mobile V-MoE routed per image (mvmoe-* with an image router); "
                    + modelOptions.model + " is " + family.id());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
