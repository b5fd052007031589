package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.run.EpochMetrics;

/** Running sums over an epoch's training steps: losses, accuracies, throughput. */
public final class StepStats {
    /** What one step measured. */
    public record Step(int images, double loss, double task, Double aux, Double router, Integer correct, Integer routed) {

        static Step of(int images, Objective.Step step) {
            Losses.Terms loss = step.loss();
            return new Step(images, loss.total().getFloat(), loss.task().getFloat(), value(loss.aux()),
                    value(loss.router()), step.correct(), step.routed());
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
    private boolean hasAccuracy;
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
        hasAccuracy |= step.correct() != null;
        correct += step.correct() == null ? 0 : step.correct();
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

    /** Top-1 on the training batches so far, or NaN when the objective has no classes. */
    public double accuracy() {
        return hasAccuracy ? (double) correct / images : Double.NaN;
    }

    public double imagesPerSecond() {
        return images / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** Stops the clock: throughput counts training steps, not the validation pass that follows. */
    StepStats finish() {
        endNanos = System.nanoTime();
        return this;
    }

    EpochMetrics metrics(int epoch, Objective.Validation val) {
        double seconds = (endNanos - startNanos) / 1e9;
        return new EpochMetrics(epoch, meanLoss(), task / steps, hasAux ? aux / steps : null,
                hasRouter ? router / steps : null, hasAccuracy ? accuracy() : null,
                hasRouter ? (double) routed / images : null, val.accuracy(), val.routerAccuracy(),
                lastLr, images / seconds, seconds);
    }
}
