package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.Map;
import org.vmoe4j.UserError;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.data.transform.Pipeline;

/**
 * The supervised training loop: AdamW on L_C + MoE losses (+ λ·L_g for super-class routing), linear
 * warm-up then cosine decay per step, a validation pass and an atomic checkpoint after every epoch.
 * Every random choice derives from the seed, the epoch and the step (data order, augmentation, gating
 * noise, dropout), so a run resumed from its checkpoint ends with the same weights as one never stopped.
 */
public final class Trainer {
    /** Receives progress; the CLI draws it. */
    public interface Listener {
        void epochStarted(int epoch, int batches, int startBatch);

        void batchDone(StepStats running);

        void epochDone(EpochMetrics metrics);
    }

    private final Model model;
    private final Objective objective;
    private final TrainConfig config;
    private final RunDirectory run;
    private final Listener listener;

    public Trainer(Model model, Objective objective, TrainConfig config, RunDirectory run, Listener listener) {
        this.model = model;
        this.objective = objective;
        this.config = config;
        this.run = run;
        this.listener = listener;
    }

    /** Trains from the run's checkpoint (or from the start) to the last epoch; writes the final weights. */
    public void train(ImageSource train, Pipeline trainPipeline, ImageSource val) throws IOException {
        BatchLoader loader = new BatchLoader(train, trainPipeline, config.batchSize(), true, config.seed(), false,
                config.workers());
        long perEpoch = loader.batchesPerEpoch();
        LrSchedule schedule = new LrSchedule(config.peakLr(), config.minLr(),
                Math.round(config.warmupEpochs() * perEpoch), config.epochs() * perEpoch);
        try (NDManager manager = NDManager.newBaseManager();
             AdamW optimizer = new AdamW(model.parameters().parameters(), config.weightDecay(), layerDecay())) {
            RunDirectory.Position start = run.loadCheckpoint(model, optimizer).orElse(new RunDirectory.Position(0, 0));
            run.rewriteMetrics(run.readMetrics(start.epochsDone()));
            long step = start.step();
            for (int epoch = start.epochsDone(); epoch < config.epochs(); epoch++) {
                StepStats stats = new StepStats(System.nanoTime());
                listener.epochStarted(epoch, (int) perEpoch, 0);
                try (BatchLoader.Epoch batches = loader.epoch(epoch)) {
                    while (batches.hasNext()) {
                        double lr = schedule.at(step);
                        stats.add(step(batches.next(), lr, step, epoch, manager, optimizer), lr);
                        step++;
                        listener.batchDone(stats);
                    }
                }
                EpochMetrics metrics = stats.finish().metrics(epoch + 1,
                        val.size() == 0 ? Objective.Validation.NONE : objective.validate(val));
                run.saveCheckpoint(model, optimizer, new RunDirectory.Position(epoch + 1, step));
                run.appendMetrics(metrics);
                listener.epochDone(metrics);
            }
            run.saveWeights(model, Map.of("format", "vmoe4j", "epochs", "" + config.epochs()));
        }
    }

    private java.util.function.ToDoubleFunction<String> layerDecay() {
        return config.layerDecay() == 1 ? name -> 1.0 : new LayerDecay(config.layerDecay(), blocks());
    }

    private int blocks() {
        return (int) model.parameters().parameters().keySet().stream().filter(n -> n.startsWith("blocks."))
                .map(n -> n.substring(0, n.indexOf('.', "blocks.".length()))).distinct().count();
    }

    private StepStats.Step step(Batch batch, double lr, long step, int epoch, NDManager manager, AdamW optimizer) {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step)); // noise and dropout of this step
        try (NDScope scope = new NDScope()) {
            NDArray images = manager.create(batch.pixels(), new Shape(batch.size(), batch.channels(), batch.height(),
                    batch.width()));
            Objective.Step result;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                result = objective.train(batch, images, epoch, step, new ForwardContext(true, true, config.dispatch()));
                collector.backward(result.loss().total());
            }
            float total = result.loss().total().getFloat();
            if (!Float.isFinite(total)) {
                throw new UserError("training diverged: the loss is " + total + " at epoch " + (epoch + 1) + ", step "
                        + step + "; " + run.path() + " keeps the checkpoint of the last completed epoch"
                        + " (try a lower --lr and --resume it)");
            }
            optimizer.step(lr);
            return StepStats.Step.of(batch.size(), result);
        }
    }
}
