package org.vmoe4j.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.BatchMixing;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.ImageSources;
import org.vmoe4j.data.Shuffle;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.report.ReconstructionSheet;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.run.RunConfig;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.run.StartFrom;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.tensor.Devices;

/**
 * The training entry point: a run started ({@link RunSetup}) or reopened, trained to its last epoch with the
 * objective its model calls for (classification, or mmLiT's masked auto-encoding).
 */
public final class TrainingRun {
    /** With both mixup and CutMix on, the probability a batch gets CutMix (timm's {@code switch_prob}, DeiT's 0.5). */
    private static final double MIXUP_CUTMIX_SWITCH = 0.5;

    private final RunDirectory run;
    private final RunConfig config;
    private final Dataset data;
    private final SuperClasses superClasses;

    TrainingRun(RunDirectory run, RunConfig config, Dataset data, SuperClasses superClasses) {
        this.run = run;
        this.config = config;
        this.data = data;
        this.superClasses = superClasses;
    }

    /**
     * Prepares a new run in {@code dir}.
     *
     * @param from the weights to start from (pre-trained, upcycled), or null for random ones
     */
    public static TrainingRun start(Path dir, ModelSpec model, String dataSpec, String recipe, TrainConfig train,
                                    StartFrom from) {
        return RunSetup.start(dir, model, dataSpec, recipe, train, from);
    }

    /** Reopens a run directory to continue it from its last checkpoint. */
    public static TrainingRun resume(Path dir) {
        TrainedRun trained = TrainedRun.open(dir);
        return new TrainingRun(trained.directory(), trained.config(), trained.data(), trained.superClasses());
    }

    public RunConfig config() {
        return config;
    }

    public Dataset data() {
        return data;
    }

    public RunDirectory directory() {
        return run;
    }

    /** Trains on the engine's default device; see {@link #train(Trainer.Listener, Devices)}. */
    public void train(Trainer.Listener listener) {
        train(listener, Devices.of(Devices.engineDefaultDevice()));
    }

    /**
     * Trains to the end (from the checkpoint if there is one) on {@code devices}, data-parallel when there are several
     * (they are not part of the run: it may resume on others); writes the final weights, curves and pictures.
     */
    public void train(Trainer.Listener listener, Devices devices) {
        TrainConfig train = config.train();
        try (Model model = Models.build(config.model(), train.seed(), devices.first())) {
            if (config.startFrom() != null && !run.hasCheckpoint()) {
                WarmStart.load(model, config.startFrom());
            }
            Pipeline eval = Preprocessing.eval(config);
            Objective objective = objective(model, eval);
            Runnable afterEpoch = () -> { };
            BatchMixing mixing = BatchMixing.NONE;
            if (objective instanceof MaeObjective reconstruction) {
                afterEpoch = () -> drawReconstructions((MaeAutoencoder) model, reconstruction, eval);
            } else {
                mixing = new BatchMixing(train.mixup(), train.cutmix(), MIXUP_CUTMIX_SWITCH, data.numClasses());
            }
            String title = config.preset() + " on " + data.name();
            new Trainer(model, objective, devices, replica -> objective(replica, eval), train, run,
                    new EpochCharts(run, title, listener, afterEpoch))
                    .train(trainImages(), Preprocessing.train(model.config(), train), mixing, data.val());
        }
    }

    /** What trains the model: masked auto-encoding for mmLiT's auto-encoder, classification otherwise. */
    private Objective objective(Model model, Pipeline eval) {
        return model instanceof MaeAutoencoder mae ? new MaeObjective(mae, config.train().seed(), eval)
                : new ClassifierObjective((Classifier) model, data.numClasses(), superClasses, config.train());
    }

    /** {@code reconstructions.png}: fixed validation images, masked and reconstructed (SPEC §4). */
    private void drawReconstructions(MaeAutoencoder model, MaeObjective objective, Pipeline eval) {
        if (data.val().size() > 0) {
            new ReconstructionSheet(model.config(), eval.config().mean(), eval.config().std())
                    .write(run.file("reconstructions.png"), objective.reconstruct(data.val()));
        }
    }

    /** The training split, or a seeded subset of {@code trainImages} of it. */
    private ImageSource trainImages() {
        int limit = config.train().trainImages();
        ImageSource train = data.train();
        if (limit == 0 || limit >= train.size()) {
            return train;
        }
        int[] shuffled = Shuffle.permutation(train.size(), new Random(config.train().seed()));
        return ImageSources.subset(train, Arrays.copyOf(shuffled, limit));
    }
}
