package org.vmoe4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * A trained model opened for inference with the chosen engine, and what must be closed with it: the Java model
 * (DJL), or the ONNX Runtime session on the given file or on the run exported for the occasion.
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
        if (engine == InferenceEngine.DJL) {
            Classifier model = run.loadClassifier();
            return new RunInference(new DjlInference(model, run.config().train().dispatch(),
                    run.config().train().normalization()), model::close);
        }
        return onnx != null ? open(onnx, threads) : open(exported(run), threads);
    }

    /** ONNX Runtime on an exported file. */
    public static RunInference open(Path onnx, int threads) {
        OnnxClassifier classifier = OnnxClassifier.open(onnx, threads);
        return new RunInference(new OnnxInference(classifier), classifier::close);
    }

    public Inference inference() {
        return inference;
    }

    @Override
    public void close() {
        owned.run();
    }

    /** The run exported to a temporary file, removed when the JVM exits (the session has read it by then). */
    private static Path exported(TrainedRun run) {
        try {
            Path file = Files.createTempFile("vmoe4j-", ".onnx");
            file.toFile().deleteOnExit();
            ModelExport.write(ModelExport.of(run), file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
