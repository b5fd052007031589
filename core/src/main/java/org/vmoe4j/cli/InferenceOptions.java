package org.vmoe4j.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.eval.RunInference;
import org.vmoe4j.run.TrainedRun;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Which engine runs a trained model (eval, predict): DJL, or ONNX Runtime on an exported file. */
public final class InferenceOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--runtime", paramLabel = "ENGINE", defaultValue = "djl",
            description = "djl (the Java model; default) or onnx (ONNX Runtime on the run exported on the fly, or on "
                    + "--onnx FILE).")
    InferenceEngine engine;

    @Option(names = "--onnx", paramLabel = "FILE.onnx",
            description = "An ONNX file from 'vmoe4j export' to run with ONNX Runtime (implies --runtime onnx).")
    Path onnx;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime's intra-op threads (default: ${DEFAULT-VALUE}, the fastest at batch 1 here).")
    int threads;

    @Option(names = "--lazy-experts",
            description = "Mobile V-MoE on ONNX Runtime (implied) with its experts in a memory-mapped file, of which only "
                    + "the experts the router chooses are read: the run exported so on the fly, or --onnx FILE written by "
                    + "'export --lazy-experts'.")
    boolean lazyExperts;

    /** The run's model with the chosen engine. */
    RunInference open(TrainedRun run) {
        return open(run, null);
    }

    /** The run's model with the chosen engine; the Java model on {@code device} (null: the engine's default). */
    RunInference open(TrainedRun run, Device device) {
        check();
        return RunInference.open(run, onnx != null || lazyExperts ? InferenceEngine.ONNX : engine, onnx, threads,
                lazyExperts, device);
    }

    /** True when an ONNX file was named. */
    boolean hasFile() {
        return onnx != null;
    }

    /** ONNX Runtime on the named file. */
    RunInference openFile() {
        check();
        return RunInference.open(onnx, threads, lazyExperts);
    }

    private void check() {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        boolean djl = engine == InferenceEngine.DJL && spec.commandLine().getParseResult().hasMatchedOption("--runtime");
        if (onnx != null && djl) {
            throw new ParameterException(spec.commandLine(), "--onnx runs ONNX Runtime; it cannot be used with --runtime djl");
        }
        if (lazyExperts && djl) {
            throw new ParameterException(spec.commandLine(), "--lazy-experts runs ONNX Runtime; it cannot be used with "
                    + "--runtime djl");
        }
    }
}
