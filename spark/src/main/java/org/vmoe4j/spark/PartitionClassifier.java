package org.vmoe4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.vmoe4j.UserError;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.eval.Predictor;
import org.vmoe4j.runtime.OnnxClassifier;
import org.vmoe4j.runtime.OnnxModelInfo;

/**
 * Classifies one partition's images batch by batch with an exported model: reads and decodes each image,
 * resizes and normalises it as the file's metadata says (so the job needs nothing but the .onnx file), runs
 * the batch through ONNX Runtime and turns logits into top-5 classes and probabilities. An image that cannot
 * be read or decoded becomes a prediction with an error, never a failed partition. Knows nothing of Spark.
 */
final class PartitionClassifier {
    /** Classes reported per image (fewer when the model has fewer). */
    static final int TOP = 5;

    private final OnnxClassifier model;
    private final ImageInput input;
    private final int batchSize;
    private final Pipeline pipeline;
    private final List<String> labelNames;

    PartitionClassifier(OnnxClassifier model, ImageInput input, int batchSize) {
        this.model = model;
        this.input = input;
        this.batchSize = batchSize;
        this.pipeline = preprocessing(model.info());
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

    /** Resize to the model's input and normalise with its mean and std (what {@code predict} does). */
    static Pipeline preprocessing(OnnxModelInfo info) {
        return Pipeline.eval(new AugmentConfig(info.imageSize(), info.channels(), 1, 1, 0, AutoAugmentPolicy.NONE,
                info.mean(), info.std()));
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
        int length = pipeline.tensorLength();
        float[] pixels = new float[refs.size() * length]; // [batch, C, H, W], the decoded images first
        String[] errors = new String[refs.size()];
        int decoded = 0;
        for (int i = 0; i < refs.size(); i++) {
            try {
                pipeline.toTensor(input.image(refs.get(i)), null, pixels, decoded * length);
                decoded++;
            } catch (RuntimeException e) {
                errors[i] = message(e);
            }
        }
        OnnxClassifier.Output out = decoded == 0 ? null : model.run(Arrays.copyOf(pixels, decoded * length), decoded);
        List<Prediction> predictions = new ArrayList<>(refs.size());
        int row = 0;
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            int label = input.label(ref);
            String labelName = label < 0 ? null : labelNames.get(label);
            predictions.add(errors[i] != null ? Prediction.failed(ref, label, labelName, errors[i])
                    : predict(ref, label, labelName, out, row++));
        }
        return predictions;
    }

    private Prediction predict(ImageRef ref, int label, String labelName, OnnxClassifier.Output out, int row) {
        int classes = model.classes();
        float[] probabilities = softmax(Arrays.copyOfRange(out.logits(), row * classes, (row + 1) * classes));
        int[] top = new Predictor.Prediction(null, probabilities, null).top(Math.min(TOP, classes));
        float[] topProbabilities = new float[top.length];
        List<String> names = new ArrayList<>(top.length);
        for (int r = 0; r < top.length; r++) {
            topProbabilities[r] = probabilities[top[r]];
            names.add(model.info().classNames().isEmpty() ? "class " + top[r] : model.info().classNames().get(top[r]));
        }
        if (out.experts() == null) {
            return new Prediction(ref, label, labelName, top, names, topProbabilities, null, null, null);
        }
        int k = out.experts().length / out.batch();
        return new Prediction(ref, label, labelName, top, names, topProbabilities,
                Arrays.copyOfRange(out.experts(), row * k, (row + 1) * k), Arrays.copyOfRange(out.gates(), row * k, (row + 1) * k),
                null);
    }

    /** exp(z - max) / Σ exp(z - max), summed in double. */
    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            e[c] = Math.exp(logits[c] - max);
            sum += e[c];
        }
        float[] p = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    /** A UserError's message names the file; anything else a decoder throws is named by its class. */
    private static String message(RuntimeException e) {
        String text = e instanceof UserError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return String.valueOf(text).replace('\n', ' ');
    }
}
