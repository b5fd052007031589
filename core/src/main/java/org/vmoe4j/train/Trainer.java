package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vmoe4j.UserError;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.BatchMixing;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.tensor.BatchScope;

/**
 * The training loop shared by classifiers and the masked auto-encoder: AdamW on the {@link Objective}'s loss,
 * linear warm-up then cosine decay per step, a validation pass and an atomic checkpoint after every epoch.
 * Every random choice derives from the seed, the epoch and the step (data order, augmentation, batch mixing,
 * gating noise, dropout, stochastic depth), so a run resumed from its checkpoint ends with the same weights as one never stopped.
 */
public final class Trainer {
    /** Receives progress; the CLI draws it. */
    public interface Listener {
        void epochStarted(int epoch, int batches);

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

    /**
     * Trains from the run's checkpoint (or from the start) to the last epoch; writes the final weights.
     *
     * @param mixing mixup and CutMix of the training batches ({@link BatchMixing#NONE} for none)
     */
    public void train(ImageSource train, Pipeline trainPipeline, BatchMixing mixing, ImageSource val) {
        BatchLoader loader = new BatchLoader(train, trainPipeline, config.batchSize(), true, config.seed(), false,
                config.workers(), mixing);
        long perEpoch = loader.batchesPerEpoch();
        LrSchedule schedule = new LrSchedule(config.peakLr(), config.minLr(),
                Math.round(config.warmupEpochs() * perEpoch), config.epochs() * perEpoch);
        try (AdamW optimizer = new AdamW(model.parameters().parameters(), config.weightDecay(), layerDecay())) {
            Checkpoint.Position start = Checkpoint.load(run, model, optimizer).orElse(Checkpoint.Position.START);
            run.rewriteMetrics(run.readMetrics(start.epochsDone()));
            long step = start.step();
            for (int epoch = start.epochsDone(); epoch < config.epochs(); epoch++) {
                StepStats stats = new StepStats(System.nanoTime());
                listener.epochStarted(epoch, (int) perEpoch);
                try (BatchLoader.Epoch batches = loader.epoch(epoch)) {
                    while (batches.hasNext()) {
                        double lr = schedule.at(step);
                        stats.add(step(batches.next(), lr, step, epoch, optimizer), lr);
                        step++;
                        listener.batchDone(stats);
                    }
                }
                EpochMetrics metrics = stats.finish().metrics(epoch + 1,
                        val.size() == 0 ? Objective.Validation.NONE : objective.validate(val));
                Checkpoint.save(run, model, optimizer, new Checkpoint.Position(epoch + 1, step));
                run.appendMetrics(metrics);
                listener.epochDone(metrics);
            }
            WeightFile.save(model.parameters().parameters(), run.file(RunDirectory.WEIGHTS),
                    Map.of("format", "vmoe4j", "epochs", "" + config.epochs()));
        }
    }

    private ToDoubleFunction<String> layerDecay() {
        return config.layerDecay() == 1 ? name -> 1.0 : new LayerDecay(config.layerDecay(), blocks());
    }

    private int blocks() {
        return (int) model.parameters().parameters().keySet().stream().filter(n -> n.startsWith("blocks."))
                .map(n -> n.substring(0, n.indexOf('.', "blocks.".length()))).distinct().count();
    }

    private StepStats.Step step(Batch batch, double lr, long step, int epoch, AdamW optimizer) {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step)); // noise and dropout of this step
        try (BatchScope scope = model.openBatch()) {
            NDArray images = scope.floats(batch.pixels(), batch.shape());
            Objective.Step result;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                result = objective.train(batch, scope, images, epoch, step,
                        new ForwardContext(true, true, config.dispatch(), config.dropPath()));
                collector.backward(result.loss().total());
            }
            float total = result.loss().total().getFloat();
            if (!Float.isFinite(total)) {
                throw new UserError("training diverged: the loss is " + total + " at epoch " + (epoch + 1) + ", step "
                        + step + "; " + run.path() + (epoch > 0 ? " keeps the checkpoint of epoch " + epoch
                        : " has no checkpoint yet (the first epoch did not complete)") + " (try a lower --lr)");
            }
            optimizer.step(lr);
            return StepStats.Step.of(batch.size(), result);
        }
    }
}
