package org.vmoe4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.nn.Cost;

/**
 * Running counts of one evaluation, from plain arrays (no tensors): top-1 and top-5, router accuracy, expert load,
 * distinct experts per image and the confusion matrix. {@link Evaluator} feeds it batch by batch.
 */
final class EvalTally {
    private final long[][] confusion;
    private final SuperClasses superClasses;
    private final List<double[]> load = new ArrayList<>();
    private final List<Long> distinct = new ArrayList<>();
    private int images;
    private int top5;
    private int routed;
    private boolean routerScored;

    /** @param superClasses the class → group map the router was trained on, or null */
    EvalTally(int classes, SuperClasses superClasses) {
        this.confusion = new long[classes][classes];
        this.superClasses = superClasses;
    }

    /**
     * One batch's predictions.
     *
     * @param best [B, min(5, classes)] classes by decreasing score, row-major
     * @param routerChoice [B] the expert each image's router scored highest, or null without per-image routing
     */
    void addPredictions(int[] labels, long[] best, long[] routerChoice) {
        int width = best.length / labels.length;
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][(int) best[i * width]]++;
            for (int j = 0; j < width; j++) {
                top5 += best[i * width + j] == labels[i] ? 1 : 0;
            }
        }
        if (superClasses != null && routerChoice != null) {
            routerScored = true;
            for (int i = 0; i < labels.length; i++) {
                routed += routerChoice[i] == superClasses.groupOf(labels[i]) ? 1 : 0;
            }
        }
        images += labels.length;
    }

    /**
     * One batch's experts under routing {@code r} (in the order a forward pass records its routings).
     *
     * @param experts [rows, k] chosen experts, row-major; an image owns rows / batch consecutive rows of k
     * @param numExperts E
     * @param batch the batch's images
     */
    void addRouting(int r, long[] experts, int numExperts, int batch) {
        if (load.size() <= r) {
            load.add(new double[numExperts]);
            distinct.add(0L);
        }
        for (long e : experts) {
            load.get(r)[(int) e]++;
        }
        int perImage = experts.length / batch;
        long reached = 0;
        for (int i = 0; i < batch; i++) {
            reached += Arrays.stream(experts, i * perImage, (i + 1) * perImage).distinct().count();
        }
        distinct.set(r, distinct.get(r) + reached);
    }

    int images() {
        return images;
    }

    /**
     * @param expertParams one expert's parameters under each routing
     * @param cost the evaluated model's cost per image
     */
    EvalResult result(double seconds, List<Long> expertParams, Cost cost) {
        long correct = IntStream.range(0, confusion.length).mapToLong(c -> confusion[c][c]).sum();
        List<double[]> fractions = load.stream().map(counts -> {
            double total = Arrays.stream(counts).sum();
            return Arrays.stream(counts).map(x -> x / total).toArray();
        }).toList();
        List<Double> distinctPerImage = distinct.stream().map(n -> (double) n / images).toList();
        List<Double> paramsPerImage = IntStream.range(0, distinctPerImage.size())
                .mapToObj(r -> distinctPerImage.get(r) * expertParams.get(r)).toList();
        return new EvalResult(images, (double) correct / images, (double) top5 / images,
                routerScored ? (double) routed / images : Double.NaN, fractions, distinctPerImage, paramsPerImage,
                confusion, images / seconds, cost);
    }
}
