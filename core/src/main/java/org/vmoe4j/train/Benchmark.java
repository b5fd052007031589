package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.Dispatch;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.PatchEmbedding;

/**
 * Measures a model's throughput on synthetic input: inference forward passes, and full training steps
 * (forward, loss, backward, AdamW update). Classifiers train on cross-entropy + MoE losses; the masked
 * auto-encoder on its reconstruction loss with a fixed 75% mask.
 */
public final class Benchmark {
    /** Images per second and achieved GFLOP/s of one phase, with the mean time of one batch. */
    public record Result(double imagesPerSecond, double gigaflops, double millisPerBatch) {
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
    public Report run(int warmup, int iterations, NDManager manager) {
        Engine.getInstance().setRandomSeed(0);
        var c = model.config();
        NDArray images = manager.randomNormal(new Shape(batch, c.channels(), c.imageSize(), c.imageSize()));
        NDArray labels = manager.randomInteger(0, 2, new Shape(batch), ai.djl.ndarray.types.DataType.INT64);
        NDArray keep = maskKeep(manager);
        Function<ForwardContext, NDArray> loss = model instanceof MaeAutoencoder mae
                ? context -> MaeLoss.of(mae.forward(images, keep, context),
                        PatchEmbedding.patchify(images, c.patchSize()), keep, context.auxLoss(), MaeLoss.ALPHA,
                        MaeLoss.BETA).total()
                : context -> Losses.classifier(((Classifier) model).forward(images, context), labels, null, 0).total();
        long flops = model.totalCost().flops();
        Result forward = time(warmup, iterations, flops, () -> loss.apply(new ForwardContext(false, false, dispatch)));
        try (AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
            Result training = time(warmup, iterations, 3 * flops, () -> {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.apply(new ForwardContext(true, true, dispatch)));
                }
                optimizer.step(1e-6);
                return null;
            });
            return new Report(forward, training);
        }
    }

    private NDArray maskKeep(NDManager manager) {
        if (!(model.config() instanceof MaeConfig mae)) {
            return null;
        }
        // a fixed spread of visible patches: the cost does not depend on which ones
        return manager.arange(0, mae.patches(), mae.patches() / mae.visiblePatches())
                .get(":" + mae.visiblePatches()).toType(ai.djl.ndarray.types.DataType.INT64, false)
                .broadcast(new Shape(batch, mae.visiblePatches()));
    }

    private Result time(int warmup, int iterations, long flopsPerImage, Supplier<NDArray> step) {
        for (int i = 0; i < warmup; i++) {
            runOnce(step);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            runOnce(step);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double imagesPerSecond = (double) batch * iterations / seconds;
        return new Result(imagesPerSecond, imagesPerSecond * flopsPerImage / 1e9, seconds * 1000 / iterations);
    }

    private static void runOnce(Supplier<NDArray> step) {
        try (NDScope scope = new NDScope()) {
            NDArray out = step.get();
            if (out != null) {
                out.getFloat(); // wait for the result
            }
        }
    }
}
