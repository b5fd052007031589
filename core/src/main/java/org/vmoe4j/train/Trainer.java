package org.vmoe4j.train;

import ai.djl.engine.Engine;
import java.util.Map;
import java.util.function.Function;
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
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.tensor.Devices;

/**
 * The training loop shared by classifiers and the masked auto-encoder: AdamW on the {@link Objective}'s loss,
 * linear warm-up then cosine decay per step, a validation pass and an atomic checkpoint after every epoch.
 * Every random choice derives from the seed, the epoch and the step (data order, augmentation, batch mixing,
 * gating noise, dropout, stochastic depth), so a run resumed from its checkpoint ends with the same weights as one never stopped
 * (on as many devices: with several, training is data-parallel, {@link DataParallel}).
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
    private final Devices devices;
    private final Function<Model, Objective> replicaObjectives;
    private final TrainConfig config;
    private final RunDirectory run;
    private final Listener listener;

    /** A trainer on the model's device alone. */
    public Trainer(Model model, Objective objective, TrainConfig config, RunDirectory run, Listener listener) {
        this(model, objective, null, null, config, run, listener);
    }

    /**
     * A trainer on {@code devices}: the model, on the first of them, and with more than one device a replica on each
     * of the others, data-parallel ({@link DataParallel}).
     *
     * @param replicaObjectives the objective that trains a replica of the model (used with more than one device)
     */
    public Trainer(Model model, Objective objective, Devices devices, Function<Model, Objective> replicaObjectives,
                   TrainConfig config, RunDirectory run, Listener listener) {
        this.model = model;
        this.objective = objective;
        this.devices = devices;
        this.replicaObjectives = replicaObjectives;
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
        Replica master = new Replica(model, objective);
        try (AdamW optimizer = new AdamW(model.parameters().parameters(), config.weightDecay(), layerDecay());
             DataParallel parallel = devices == null || devices.size() == 1 ? null
                     : DataParallel.open(master, devices.others(), replicaObjectives)) {
            Checkpoint.Position start = Checkpoint.load(run, model, optimizer).orElse(Checkpoint.Position.START);
            if (parallel != null) {
                parallel.broadcast(); // the checkpoint's weights
            }
            run.rewriteMetrics(run.readMetrics(start.epochsDone()));
            long step = start.step();
            for (int epoch = start.epochsDone(); epoch < config.epochs(); epoch++) {
                StepStats stats = new StepStats(System.nanoTime());
                listener.epochStarted(epoch, (int) perEpoch);
                try (BatchLoader.Epoch batches = loader.epoch(epoch)) {
                    while (batches.hasNext()) {
                        double lr = schedule.at(step);
                        stats.add(step(batches.next(), lr, step, epoch, optimizer, master, parallel), lr);
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

    /** One optimizer step on the batch: on the model alone, or on its replicas when {@code parallel} is not null. */
    private StepStats.Step step(Batch batch, double lr, long step, int epoch, AdamW optimizer, Replica master,
                                DataParallel parallel) {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step)); // noise and dropout of this step
        long firstImage = step * batch.size();
        StepStats.Step done = parallel == null ? master.forwardBackward(batch, firstImage, epoch, config, 1)
                : parallel.forwardBackward(batch, firstImage, epoch, config);
        float total = (float) done.loss();
        if (!Float.isFinite(total)) {
            throw new UserError("training diverged: the loss is " + total + " at epoch " + (epoch + 1) + ", step "
                    + step + "; " + run.path() + (epoch > 0 ? " keeps the checkpoint of epoch " + epoch
                    : " has no checkpoint yet (the first epoch did not complete)") + " (try a lower --lr)");
        }
        optimizer.step(lr);
        if (parallel != null) {
            parallel.broadcast();
        }
        return done;
    }
}
