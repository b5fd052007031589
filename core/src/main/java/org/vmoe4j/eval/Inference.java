package org.vmoe4j.eval;

import java.util.List;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.nn.Cost;

/**
 * A trained classifier behind one engine (DJL's forward, {@link DjlInference}, or ONNX Runtime on an exported file,
 * {@link OnnxInference}): normalised pixels in, plain arrays out. Evaluation and prediction need nothing else.
 */
public interface Inference {
    /**
     * One batch's results, row-major.
     *
     * @param logits [batch, classes]
     * @param imageExperts [batch, k] the experts a per-image router chose, best first (the first is the router's
     *                     highest score); null without per-image routing
     * @param imageGates [batch, k] their gates; null without per-image routing
     * @param routings every MoE routing the pass recorded, in forward order (what the engine can see)
     */
    record Output(int batch, int classes, float[] logits, long[] imageExperts, float[] imageGates,
                  List<Routed> routings) {
        /** The {@code n} best classes of every image, best first: [batch, n] row-major. */
        public long[] best(int n) {
            long[] best = new long[batch * n];
            for (int i = 0; i < batch; i++) {
                int[] top = Ranking.top(logits, i * classes, classes, n);
                for (int j = 0; j < n; j++) {
                    best[i * n + j] = top[j];
                }
            }
            return best;
        }

        /** The expert each image's router scored highest, or null without per-image routing. */
        public long[] routerChoice() {
            if (imageExperts == null) {
                return null;
            }
            int k = imageExperts.length / batch;
            long[] choice = new long[batch];
            for (int i = 0; i < batch; i++) {
                choice[i] = imageExperts[i * k];
            }
            return choice;
        }
    }

    /** The experts chosen for each routed row (image or token), [rows, k] row-major, among {@code numExperts}. */
    record Routed(long[] experts, int numExperts) {
    }

    /** Runs {@code batch} images given as {@code batch × C × H × W} normalised floats. */
    Output run(float[] pixels, int batch);

    /** What an image goes through before {@link #run}: resize and normalise as the model was trained. */
    Pipeline pipeline();

    /** The model's parameters, parameters active per image and FLOPs per image. */
    Cost cost();

    /** One expert's parameters under each routing, in forward order; empty for a dense model. */
    List<Long> expertParams();
}
