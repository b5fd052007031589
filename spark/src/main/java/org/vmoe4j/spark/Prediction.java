package org.vmoe4j.spark;

import java.util.List;

/**
 * What the job writes for one image: one output row ({@link PredictionSchema}).
 *
 * @param ref which image
 * @param label its class index, or -1 when unknown
 * @param labelName the name of its class, or null when unknown
 * @param topClasses the (up to) five most probable classes, best first; null when the image failed
 * @param topNames their names (the model's class names, or "class N" when it has none)
 * @param topProbabilities their softmax probabilities
 * @param experts the experts the per-image router ran, best first; null unless the model routes per image
 * @param gates their gate values
 * @param error why the image could not be classified (a one-line message naming it), or null
 */
record Prediction(ImageRef ref, int label, String labelName, int[] topClasses, List<String> topNames,
                  float[] topProbabilities, long[] experts, float[] gates, String error) {

    /** An image that could not be read or decoded. */
    static Prediction failed(ImageRef ref, int label, String labelName, String error) {
        return new Prediction(ref, label, labelName, null, null, null, null, null, error);
    }
}
