package org.vmoe4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.vmoe4j.UserError;
import org.vmoe4j.data.Image;
import org.vmoe4j.eval.OnnxInference;
import org.vmoe4j.eval.Predictor;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * Classifies one partition's images batch by batch with an exported model: reads and decodes each image, then
 * hands the batch to vmoe4j's {@link Predictor} on ONNX Runtime ({@link OnnxInference}: resized and normalised as
 * the file's metadata says, so the job needs nothing but the .onnx file; softmax; experts and gates) and keeps the
 * top-5 classes. An image that cannot be read or decoded becomes a prediction with an error, never a failed
 * partition. Knows nothing of Spark.
 */
final class PartitionClassifier {
    /** Classes reported per image (fewer when the model has fewer). */
    static final int TOP = 5;

    private final Predictor predictor;
    private final List<String> classNames;
    private final int top;
    private final ImageInput input;
    private final int batchSize;
    private final List<String> labelNames;

    PartitionClassifier(OnnxClassifier model, ImageInput input, int batchSize) {
        this.predictor = new Predictor(new OnnxInference(model));
        this.classNames = model.info().classNames();
        this.top = Math.min(TOP, model.classes());
        this.input = input;
        this.batchSize = batchSize;
        this.labelNames = input.labelNames();
    }

    /**
     * A classifier on this JVM's one session of {@code model} (opened on first use, shared by the JVM's tasks,
     * closed when the JVM exits; ONNX Runtime sessions may run concurrently).
     */
    static PartitionClassifier open(Path model, int threads, ImageInput input, int batchSize) {
        OnnxClassifier session = JvmCache.get("onnx " + model.toAbsolutePath() + " threads " + threads,
                () -> OnnxClassifier.open(model, threads));
        return new PartitionClassifier(session, input, batchSize);
    }

    /** The predictions of {@code refs}, in order, computed one batch at a time as they are consumed. */
    Iterator<Prediction> classify(Iterator<ImageRef> refs) {
        return new Iterator<>() {
            private Iterator<Prediction> batch = List.<Prediction>of().iterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && refs.hasNext()) {
                    List<ImageRef> next = new ArrayList<>(batchSize);
                    while (next.size() < batchSize && refs.hasNext()) {
                        next.add(refs.next());
                    }
                    batch = classifyBatch(next).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Prediction next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** One batch: the images that decode go through the model together; the others carry their error. */
    private List<Prediction> classifyBatch(List<ImageRef> refs) {
        List<Image> decoded = new ArrayList<>(refs.size());
        String[] errors = new String[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            try {
                decoded.add(input.image(refs.get(i)));
            } catch (RuntimeException e) {
                errors[i] = message(e);
            }
        }
        Iterator<Predictor.Prediction> out = decoded.isEmpty() ? List.<Predictor.Prediction>of().iterator()
                : predictor.predict(decoded).iterator();
        List<Prediction> predictions = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            int label = input.label(ref);
            String labelName = label < 0 ? null : labelNames.get(label);
            predictions.add(errors[i] != null ? Prediction.failed(ref, label, labelName, errors[i])
                    : predict(ref, label, labelName, out.next()));
        }
        return predictions;
    }

    private Prediction predict(ImageRef ref, int label, String labelName, Predictor.Prediction p) {
        int[] best = p.top(top);
        float[] probabilities = new float[best.length];
        List<String> names = new ArrayList<>(best.length);
        for (int r = 0; r < best.length; r++) {
            probabilities[r] = p.probabilities()[best[r]];
            names.add(classNames.isEmpty() ? "class " + best[r] : classNames.get(best[r]));
        }
        return new Prediction(ref, label, labelName, best, names, probabilities, p.experts(), p.gates(), null);
    }

    /** A UserError's message names the file; anything else a decoder throws is named by its class. */
    private static String message(RuntimeException e) {
        String text = e instanceof UserError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return String.valueOf(text).replace('\n', ' ');
    }
}
