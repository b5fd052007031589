package org.vmoe4j.eval;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmoe4j.UserError;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.ExportedModel;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * A trained model opened for inference with the chosen engine, and what must be closed with it: the Java model
 * (DJL), or the ONNX Runtime session on the given file or on the run exported for the occasion. With lazy experts
 * (ONNX Runtime only), a Mobile V-MoE's experts stay in a memory-mapped file of which only the experts the router
 * chooses are ever read ({@code runtime.MappedExperts}).
 */
public final class RunInference implements AutoCloseable {
    private final Inference inference;
    private final Runnable owned;

    private RunInference(Inference inference, Runnable owned) {
        this.inference = inference;
        this.owned = owned;
    }

    /**
     * @param onnx an exported file to run with ONNX Runtime instead of exporting the run; null to export
     * @param threads ONNX Runtime's intra-op threads
     */
    public static RunInference open(TrainedRun run, InferenceEngine engine, Path onnx, int threads) {
        return open(run, engine, onnx, threads, false);
    }

    /**
     * @param lazyExperts ONNX Runtime with the experts memory-mapped: the run is exported so, or {@code onnx} must
     *                    have been ({@code export --lazy-experts})
     */
    public static RunInference open(TrainedRun run, InferenceEngine engine, Path onnx, int threads, boolean lazyExperts) {
        return open(run, engine, onnx, threads, lazyExperts, null);
    }

    /** @param device where the Java model (DJL) runs; null for the engine's default device; ONNX Runtime ignores it */
    public static RunInference open(TrainedRun run, InferenceEngine engine, Path onnx, int threads, boolean lazyExperts,
                                    Device device) {
        if (engine == InferenceEngine.DJL) {
            Classifier model = run.loadClassifier(device);
            return new RunInference(new DjlInference(model, run.config().train().dispatch(),
                    run.config().train().normalization()), model::close);
        }
        if (onnx != null) {
            return open(onnx, threads, lazyExperts);
        }
        OnnxContract.Family family = OnnxExporter.family(run.config().model());
        if (lazyExperts && !family.routedPerImage()) {
            throw new UserError(run.directory().path() + ": lazy experts need a Mobile V-MoE routed per image, this run is "
                    + family.id());
        }
        ExportOptions options = lazyExperts ? ExportOptions.float32().withSeparateExperts() : ExportOptions.float32();
        return open(exported(ModelExport.of(run, options)), threads, lazyExperts);
    }

    /** ONNX Runtime on an exported file. */
    public static RunInference open(Path onnx, int threads) {
        return open(onnx, threads, false);
    }

    /** ONNX Runtime on an exported file, which must hold its experts in a side file when {@code lazyExperts}. */
    public static RunInference open(Path onnx, int threads, boolean lazyExperts) {
        OnnxClassifier classifier = OnnxClassifier.open(onnx, threads);
        if (lazyExperts && classifier.experts() == null) {
            classifier.close();
            throw new UserError(onnx + ": holds its experts in its graph; export it with --lazy-experts for lazy experts");
        }
        return new RunInference(new OnnxInference(classifier), classifier::close);
    }

    public Inference inference() {
        return inference;
    }

    @Override
    public void close() {
        owned.run();
    }

    /**
     * An export written to temporary files (the ONNX file and any side file of experts), removed when the JVM exits
     * (the session has read the ONNX file by then, and a mapped side file stays readable after its removal).
     */
    public static Path exported(ExportedModel model) {
        try {
            Path file = Files.createTempFile("vmoe4j-", ".onnx");
            ModelExport.Written written = ModelExport.write(model, file);
            file.toFile().deleteOnExit();
            if (written.experts() != null) {
                written.experts().toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
