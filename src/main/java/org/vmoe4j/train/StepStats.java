package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.model.ModelOutput;

/** Running sums over an epoch's training steps: losses, accuracies, throughput. */
public final class StepStats {
    /** What one step measured. */
    public record Step(int images, double loss, double task, Double aux, Double router, int correct, Integer routed) {

        static Step of(int images, Losses.Terms loss, ModelOutput output, NDArray labels, NDArray superLabels) {
            int correct = (int) output.logits().argMax(1).eq(labels).sum().getLong();
            Integer routed = superLabels == null || output.imageRouting() == null ? null
                    : (int) output.imageRouting().logits().argMax(1).eq(superLabels).sum().getLong();
            return new Step(images, loss.total().getFloat(), loss.task().getFloat(), value(loss.aux()),
                    value(loss.router()), correct, routed);
        }

        private static Double value(NDArray scalar) {
            return scalar == null ? null : (double) scalar.getFloat();
        }
    }

    private final long startNanos;
    private int steps;
    private long images;
    private double loss;
    private double task;
    private double aux;
    private double router;
    private long correct;
    private long routed;
    private boolean hasAux;
    private boolean hasRouter;
    private double lastLr;
    private long endNanos;

    StepStats(long startNanos) {
        this.startNanos = startNanos;
    }

    void add(Step step, double lr) {
        steps++;
        images += step.images();
        loss += step.loss();
        task += step.task();
        correct += step.correct();
        hasAux |= step.aux() != null;
        aux += step.aux() == null ? 0 : step.aux();
        hasRouter |= step.routed() != null;
        router += step.router() == null ? 0 : step.router();
        routed += step.routed() == null ? 0 : step.routed();
        lastLr = lr;
    }

    public double meanLoss() {
        return loss / steps;
    }

    public double accuracy() {
        return (double) correct / images;
    }

    public double imagesPerSecond() {
        return images / ((System.nanoTime() - startNanos) / 1e9);
    }

    public long images() {
        return images;
    }

    /** Stops the clock: throughput counts training steps, not the validation pass that follows. */
    StepStats finish() {
        endNanos = System.nanoTime();
        return this;
    }

    EpochMetrics metrics(int epoch, EvalResult val) {
        double seconds = (endNanos - startNanos) / 1e9;
        return new EpochMetrics(epoch, meanLoss(), task / steps, hasAux ? aux / steps : null,
                hasRouter ? router / steps : null, accuracy(), hasRouter ? (double) routed / images : null,
                val == null ? null : val.top1(), val == null || Double.isNaN(val.routerAccuracy()) ? null : val.routerAccuracy(),
                lastLr, images / seconds, seconds);
    }
}
