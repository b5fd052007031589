package org.vmoe4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.transform.Pipeline;

/** Classifies single images of any size: resized to the model's input and normalised as it was trained. */
public final class Predictor {
    /**
     * One image's result.
     *
     * @param logits the raw class scores
     * @param probabilities softmax of the logits
     * @param experts the experts its per-image router chose (best first), or null for models without one
     * @param gates their gates, or null
     */
    public record Prediction(float[] logits, float[] probabilities, long[] experts, float[] gates) {
        /** Indices of the {@code n} most probable classes, best first. */
        public int[] top(int n) {
            return Ranking.top(logits, 0, logits.length, n);
        }
    }

    private final Inference inference;

    public Predictor(Inference inference) {
        this.inference = inference;
    }

    public List<Prediction> predict(List<Image> images) {
        Pipeline pipeline = inference.pipeline();
        int length = pipeline.tensorLength();
        float[] pixels = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            pipeline.toTensor(images.get(i), null, pixels, i * length);
        }
        Inference.Output out = inference.run(pixels, images.size());
        int classes = out.classes();
        int k = out.imageExperts() == null ? 0 : out.imageExperts().length / images.size();
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] logits = Arrays.copyOfRange(out.logits(), i * classes, (i + 1) * classes);
            predictions.add(new Prediction(logits, softmax(logits),
                    out.imageExperts() == null ? null : Arrays.copyOfRange(out.imageExperts(), i * k, (i + 1) * k),
                    out.imageGates() == null ? null : Arrays.copyOfRange(out.imageGates(), i * k, (i + 1) * k)));
        }
        return predictions;
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] e = new double[logits.length];
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
}
