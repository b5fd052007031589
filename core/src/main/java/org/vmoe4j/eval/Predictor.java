package org.vmoe4j.eval;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.tensor.BatchScope;

/** Classifies single images of any size: resized to the model's input and normalised as it was trained. */
public final class Predictor {
    /**
     * One image's result.
     *
     * @param logits the raw class scores
     * @param probabilities softmax of the logits
     * @param experts the experts its per-image router chose (best first), or null for models without one
     */
    public record Prediction(float[] logits, float[] probabilities, long[] experts) {
        /** Indices of the {@code n} most probable classes, best first. */
        public int[] top(int n) {
            return java.util.stream.IntStream.range(0, probabilities.length).boxed()
                    .sorted((a, b) -> Float.compare(probabilities[b], probabilities[a]))
                    .limit(n).mapToInt(Integer::intValue).toArray();
        }
    }

    private final Classifier model;
    private final Pipeline pipeline;

    /** @param normalization the statistics the model trained with */
    public Predictor(Classifier model, Normalization normalization) {
        this.model = model;
        this.pipeline = Preprocessing.eval(model.config(), normalization);
    }

    public List<Prediction> predict(List<Image> images) {
        int length = pipeline.tensorLength();
        float[] pixels = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            pipeline.toTensor(images.get(i), new java.util.Random(0), pixels, i * length);
        }
        var c = model.config();
        try (BatchScope scope = model.openBatch()) {
            NDArray input = scope.floats(pixels, images.size(), c.channels(), c.imageSize(), c.imageSize());
            ModelOutput out = model.forward(input, ForwardContext.forInference());
            float[] logits = out.logits().toFloatArray();
            float[] probabilities = out.logits().softmax(-1).toFloatArray();
            long[] experts = out.imageRouting() == null ? null : out.imageRouting().experts().toLongArray();
            int classes = logits.length / images.size();
            int k = experts == null ? 0 : experts.length / images.size();
            List<Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                predictions.add(new Prediction(java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes),
                        java.util.Arrays.copyOfRange(probabilities, i * classes, (i + 1) * classes),
                        experts == null ? null : java.util.Arrays.copyOfRange(experts, i * k, (i + 1) * k)));
            }
            return predictions;
        }
    }
}
