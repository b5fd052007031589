package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;

/**
 * Measures a model's throughput on synthetic input: inference forward passes, and full training steps
 * (forward, loss, backward, AdamW update). Classifiers train on cross-entropy + MoE losses; the masked
 * auto-encoder on its reconstruction loss with a fixed 75% mask.
 */
public final class Benchmark {
    /**
     * One phase: images per second and achieved GFLOP/s over all timed batches, mean and median time of one batch.
     */
    public record Result(double imagesPerSecond, double gigaflops, double millisPerBatch, double millisMedian) {
    }

    /** Both phases. */
    public record Report(Result forward, Result training) {
    }

    private final Model model;
    private final int batch;
    private final Dispatch dispatch;

    public Benchmark(Model model, int batch, Dispatch dispatch) {
        this.model = model;
        this.batch = batch;
        this.dispatch = dispatch;
    }

    /** Runs {@code warmup} untimed then {@code iterations} timed batches of each phase. */
    public Report run(int warmup, int iterations) {
        Engine.getInstance().setRandomSeed(0);
        Random random = new Random(0);
        ModelConfig c = model.config();
        float[] pixels = new float[batch * c.channels() * c.imageSize() * c.imageSize()];
        IntStream.range(0, pixels.length).forEach(i -> pixels[i] = (float) random.nextGaussian());
        long[] labels = IntStream.range(0, batch).mapToLong(i -> random.nextInt(2)).toArray();
        long flops = model.totalCost().flops();
        Result forward = time(warmup, iterations, flops, scope -> loss(scope, pixels, labels,
                new ForwardContext(false, false, dispatch)));
        try (AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
            Result training = time(warmup, iterations, 3 * flops, scope -> {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss(scope, pixels, labels, new ForwardContext(true, true, dispatch)));
                }
                optimizer.step(1e-6);
                return null;
            });
            return new Report(forward, training);
        }
    }

    private NDArray loss(BatchScope scope, float[] pixels, long[] labels, ForwardContext context) {
        ModelConfig c = model.config();
        NDArray images = scope.floats(pixels, batch, c.channels(), c.imageSize(), c.imageSize());
        if (model instanceof MaeAutoencoder mae) {
            return MaeObjective.loss(mae, images, maskKeep(scope, mae.config()), context).total();
        }
        return Losses.classifier(((Classifier) model).forward(images, context), scope.longs(labels, batch), null, 0)
                .total();
    }

    /** A fixed spread of visible patches: the cost does not depend on which ones. */
    private NDArray maskKeep(BatchScope scope, MaeConfig mae) {
        int visible = mae.visiblePatches();
        long[] keep = new long[batch * visible];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = (long) (i % visible) * (mae.patches() / visible);
        }
        return scope.longs(keep, batch, visible);
    }

    private Result time(int warmup, int iterations, long flopsPerImage, Function<BatchScope, NDArray> step) {
        for (int i = 0; i < warmup; i++) {
            runOnce(step);
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            runOnce(step);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double seconds = Arrays.stream(millis).sum() / 1000;
        double imagesPerSecond = (double) batch * iterations / seconds;
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Result(imagesPerSecond, imagesPerSecond * flopsPerImage / 1e9, seconds * 1000 / iterations,
                sorted[iterations / 2]);
    }

    private void runOnce(Function<BatchScope, NDArray> step) {
        try (BatchScope scope = model.openBatch()) {
            NDArray out = step.apply(scope);
            if (out != null) {
                out.getFloat(); // wait for the result
            }
        }
    }
}
