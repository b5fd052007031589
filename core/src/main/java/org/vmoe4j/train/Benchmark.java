package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.vmoe4j.bench.RandomImages;
import org.vmoe4j.bench.Timing;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;
import org.vmoe4j.tensor.NativeRuntime;

/**
 * Measures a model's throughput on synthetic input: inference forward passes, and full training steps
 * (forward, loss, backward, AdamW update). Classifiers train on cross-entropy + MoE losses; the masked
 * auto-encoder on its reconstruction loss with a fixed 75% mask. The input tensors are made once per phase (as
 * tools/bench_pytorch.py does), so the figures are the model's, without the copy of a batch into native memory.
 * A profile records the operators of training steps with PyTorch's profiler ({@link StepProfile}).
 */
public final class Benchmark {
    /** What can be measured. */
    public enum Phase { TRAIN, FORWARD }

    /** The phases measured; null for a phase not run. */
    public record Report(Timing.Result forward, Timing.Result training) {
    }

    /** Called at the start of each phase of a training step and with null at its end. */
    private interface Clock extends Consumer<StepProfile.Phase> {
        Clock NONE = phase -> { };
    }

    private final Model model;
    private final int batch;
    private final Dispatch dispatch;
    private final float[] pixels;
    private final long[] labels;

    public Benchmark(Model model, int batch, Dispatch dispatch) {
        this.model = model;
        this.batch = batch;
        this.dispatch = dispatch;
        ModelConfig c = model.config();
        this.pixels = RandomImages.normal(batch * c.channels() * c.imageSize() * c.imageSize(), 0);
        Random random = new Random(1);
        this.labels = IntStream.range(0, batch).mapToLong(i -> random.nextInt(2)).toArray();
    }

    /** Runs {@code warmup} untimed then {@code iterations} timed batches of each phase asked for. */
    public Report run(int warmup, int iterations, Set<Phase> phases) {
        Engine.getInstance().setRandomSeed(0);
        long flops = model.totalCost().flops();
        Timing.Result forward = null;
        Timing.Result training = null;
        try (BatchScope inputs = model.openBatch()) {
            Inputs in = inputs(inputs);
            if (phases.contains(Phase.FORWARD)) {
                forward = time(warmup, iterations, flops, () -> wait(loss(in, new ForwardContext(false, false, dispatch))));
            }
            if (phases.contains(Phase.TRAIN)) {
                try (AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
                    training = time(warmup, iterations, 3 * flops, () -> trainStep(in, optimizer, Clock.NONE));
                }
            }
        }
        return new Report(forward, training);
    }

    /**
     * Runs {@code warmup} untimed training steps, then {@code steps} under PyTorch's profiler, writes their trace to
     * {@code trace} and summarises it.
     */
    public StepProfile.Summary profile(int warmup, int steps, Path trace, int topOps) {
        Engine.getInstance().setRandomSeed(0);
        double[][] marks = new double[steps][StepProfile.Phase.values().length + 1];
        try (BatchScope inputs = model.openBatch();
             AdamW optimizer = new AdamW(model.parameters().parameters(), 0.05, name -> 1.0)) {
            Inputs in = inputs(inputs);
            for (int i = 0; i < warmup; i++) {
                inScope(() -> trainStep(in, optimizer, Clock.NONE));
            }
            long start = System.nanoTime();
            NativeRuntime.startProfile();
            for (int i = 0; i < steps; i++) {
                double[] step = marks[i];
                Clock clock = phase -> step[phase == null ? step.length - 1 : phase.ordinal()]
                        = (System.nanoTime() - start) / 1e3;
                inScope(() -> trainStep(in, optimizer, clock));
            }
            NativeRuntime.stopProfile(trace);
        }
        return StepProfile.summarise(trace, marks, topOps);
    }

    private void trainStep(Inputs in, AdamW optimizer, Clock clock) {
        clock.accept(StepProfile.Phase.FORWARD);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = loss(in, new ForwardContext(true, true, dispatch));
            clock.accept(StepProfile.Phase.BACKWARD);
            collector.backward(loss);
        }
        clock.accept(StepProfile.Phase.OPTIMIZER);
        optimizer.step(1e-6);
        clock.accept(null);
    }

    /** The batch's tensors: images, labels and, for the auto-encoder, the visible patches. */
    private record Inputs(NDArray images, NDArray labels, NDArray keep) {
    }

    private Inputs inputs(BatchScope scope) {
        ModelConfig c = model.config();
        NDArray images = scope.floats(pixels, batch, c.channels(), c.imageSize(), c.imageSize());
        NDArray keep = model instanceof MaeAutoencoder mae ? maskKeep(scope, mae.config()) : null;
        return new Inputs(images, scope.longs(labels, batch), keep);
    }

    private NDArray loss(Inputs in, ForwardContext context) {
        if (model instanceof MaeAutoencoder mae) {
            return MaeObjective.loss(mae, in.images(), in.keep(), context).total();
        }
        return Losses.classifier(((Classifier) model).forward(in.images(), context), in.labels(), null, 0).total();
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

    private static void wait(NDArray out) {
        out.getFloat(); // the result is ready only once read
    }

    private Timing.Result time(int warmup, int iterations, long flopsPerImage, Runnable step) {
        return Timing.measure(batch, warmup, iterations, flopsPerImage, () -> inScope(step));
    }

    /** Runs one batch in a scope of its own, which frees its intermediate arrays. */
    private void inScope(Runnable step) {
        try (BatchScope scope = model.openBatch()) {
            step.run();
        }
    }
}
