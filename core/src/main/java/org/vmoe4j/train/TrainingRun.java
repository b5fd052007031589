package org.vmoe4j.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.ImageSources;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.Evaluator;
import org.vmoe4j.eval.SuperClassMap;
import org.vmoe4j.report.Curves;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * One training run from its {@link RunConfig}: opens the data, resolves the super-classes and the model,
 * trains (or continues) in the run directory, and rebuilds a trained model for evaluation and prediction.
 */
public final class TrainingRun {

    private final RunDirectory run;
    private final RunConfig config;
    private final Dataset data;
    private final SuperClasses superClasses;

    private TrainingRun(RunDirectory run, RunConfig config, Dataset data, SuperClasses superClasses) {
        this.run = run;
        this.config = config;
        this.data = data;
        this.superClasses = superClasses;
    }

    /** Prepares a new run: resolves the model against the data and writes {@code config.json}. */
    public static TrainingRun start(Path dir, ModelSpec model, String dataSpec, String recipe, TrainConfig train)
            throws IOException {
        return start(dir, model, dataSpec, recipe, train, null);
    }

    /**
     * Prepares a new run that starts from pre-trained weights.
     *
     * @param init a run directory (its model.safetensors) or a safetensors file whose tensors initialise every
     *             parameter but the head; null to start from random weights
     */
    public static TrainingRun start(Path dir, ModelSpec model, String dataSpec, String recipe, TrainConfig train,
                                    String init) throws IOException {
        RunDirectory run = new RunDirectory(dir);
        run.create();
        Dataset data = Datasets.open(dataSpec, train.valFraction(), train.seed());
        ModelSpec sized = model.classes() == null ? model.withClasses(data.numClasses()) : model;
        if (sized.classes() != data.numClasses()) {
            throw new UserError("--classes " + sized.classes() + " does not match the " + data.numClasses()
                    + " classes of " + dataSpec);
        }
        SuperClasses groups = superClasses(run, data, sized, train);
        if (groups != null && model.experts() == null) {
            sized = sized.withExperts(groups.numGroups());
        }
        if (train.routing() == TrainConfig.Routing.LEARNED_TOKEN) {
            sized = sized.withRouter(MoeConfig.Router.TOKEN);
        }
        RunConfig config = new RunConfig(sized, dataSpec, recipe, train, init);
        TrainingRun training = new TrainingRun(run, config, data, groups);
        int experts = training.modelConfig() instanceof VitConfig vit && vit.moe() != null ? vit.moe().experts() : 0;
        if (groups != null && groups.numGroups() != experts) {
            throw new UserError("the super-class map has " + groups.numGroups() + " groups but the model has "
                    + experts + " experts; super-class routing needs one expert per group");
        }
        run.writeConfig(config);
        run.writeClassNames(data.classNames());
        return training;
    }

    /** Reopens a run directory to continue it. */
    public static TrainingRun resume(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        RunConfig config = run.readConfig();
        Dataset data = Datasets.open(config.data(), config.train().valFraction(), config.train().seed());
        return new TrainingRun(run, config, data, readSuperClasses(run, data));
    }

    public RunConfig config() {
        return config;
    }

    public Dataset data() {
        return data;
    }

    /**
     * The run's data, or another dataset of the same classes split the way the run split its own (same
     * validation fraction and seed), for evaluating the trained model on it.
     */
    public Dataset data(String spec) {
        if (spec == null) {
            return data;
        }
        Dataset other = Datasets.open(spec, config.train().valFraction(), config.train().seed());
        if (other.numClasses() != data.numClasses()) {
            throw new UserError(spec + " has " + other.numClasses() + " classes but " + run.path() + " was trained on "
                    + data.numClasses());
        }
        return other;
    }

    public RunDirectory directory() {
        return run;
    }

    public SuperClasses superClasses() {
        return superClasses;
    }

    /** The model's configuration, for the MoE routing mode the run trains. */
    public ModelConfig modelConfig() {
        ModelConfig model = config.model().resolve();
        if (model instanceof VitConfig vit && vit.moe() != null && config.train().routing() == TrainConfig.Routing.LEARNED_IMAGE) {
            MoeConfig moe = vit.moe();
            return vit.withMoe(new MoeConfig(moe.experts(), moe.k(), moe.layers(), moe.router(), 0.01));
        }
        return model;
    }

    /** Trains to the end (from the checkpoint if there is one), writes the final weights and curves.png. */
    public void train(NDManager manager, Trainer.Listener listener) throws IOException {
        TrainConfig train = config.train();
        try (Model model = Models.build(modelConfig(), manager, train.seed())) {
            if (config.init() != null && !run.hasCheckpoint()) {
                initialise(model, Path.of(config.init()));
            }
            Objective objective = model instanceof MaeAutoencoder mae
                    ? new MaeObjective(mae, train.seed(), run, evalPipeline(model.config()))
                    : new ClassifierObjective((Classifier) model, data.numClasses(), superClasses, train,
                            evalPipeline(model.config()));
            Trainer trainer = new Trainer(model, objective, train, run, new CurvesWriter(listener));
            trainer.train(trainImages(), trainPipeline(model.config()), data.val());
        }
    }

    /**
     * Loads pre-trained weights into every parameter but the head (a fine-tuning target has its own classes);
     * tensors of the file that the model lacks, such as an auto-encoder's decoder, are ignored.
     */
    public static void initialise(Model model, Path init) {
        Path file = Files.isDirectory(init) ? init.resolve("model.safetensors") : init;
        var params = model.parameters().parameters();
        WeightFile.load(params, file, name -> params.containsKey(name) && !name.startsWith("head."));
    }

    /** Evaluates the final model on the test split. */
    public EvalResult test(NDManager manager, IntConsumer progress) {
        return evaluate(manager, data.test(), progress);
    }

    /** Evaluates the final model on some images of the run's classes (e.g. a split of its data). */
    public EvalResult evaluate(NDManager manager, ImageSource images, IntConsumer progress) {
        try (Classifier model = loadModel(run, manager)) {
            TrainConfig train = config.train();
            return new Evaluator(model, evalPipeline(model.config()), train.batchSize(), train.workers(), train.dispatch())
                    .evaluate(images, data.numClasses(), superClasses, progress);
        }
    }

    /** Passes progress on and redraws {@code curves.png} after every epoch. */
    private final class CurvesWriter implements Trainer.Listener {
        private final Trainer.Listener next;

        CurvesWriter(Trainer.Listener next) {
            this.next = next;
        }

        @Override
        public void epochStarted(int epoch, int batches, int startBatch) {
            next.epochStarted(epoch, batches, startBatch);
        }

        @Override
        public void batchDone(StepStats running) {
            next.batchDone(running);
        }

        @Override
        public void epochDone(EpochMetrics metrics) {
            next.epochDone(metrics);
            try {
                List<EpochMetrics> all = run.readMetrics(Integer.MAX_VALUE);
                Curves.write(run.file("curves.png"), config.model().preset() + " on " + data.name(),
                        List.of(series("training loss", all, m -> m.loss())),
                        List.of(series("train (augmented)", all, m -> m.trainAccuracy()),
                                series("validation", all, EpochMetrics::valAccuracy)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Curves.Series series(String name, List<EpochMetrics> all, Function<EpochMetrics, Double> value) {
            return new Curves.Series(name, all.stream().map(value).toList());
        }
    }

    /** The run's trained model, from {@code model.safetensors} or, if training has not finished, the checkpoint's weights. */
    public static Classifier loadModel(RunDirectory run, NDManager manager) {
        RunConfig config = run.readConfig();
        Model model = Models.build(config.model().resolve(), manager, 0);
        if (!(model instanceof Classifier classifier)) {
            model.close();
            throw new UserError(run.path() + " holds a pre-training run, not a classifier");
        }
        Path weights = run.file("model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new UserError(run.path() + " has no model.safetensors yet: its training has not finished (--resume it)");
        }
        WeightFile.load(model.parameters().parameters(), weights);
        return classifier;
    }

    /** The evaluation transform of a model: resize to its input, normalise with mean 0.5, std 0.5 (SPEC §1, §4). */
    public static Pipeline evalPipeline(ModelConfig model) {
        return Pipeline.eval(AugmentConfig.eval(model.imageSize(), model.channels()));
    }

    private Pipeline trainPipeline(ModelConfig model) {
        TrainConfig t = config.train();
        return Pipeline.train(new AugmentConfig(model.imageSize(), model.channels(), t.cropScaleMin(), t.cropScaleMax(),
                t.flipP(), t.autoAugment(), half(model.channels()), half(model.channels())));
    }

    private static float[] half(int channels) {
        float[] values = new float[channels];
        java.util.Arrays.fill(values, 0.5f);
        return values;
    }

    private ImageSource trainImages() {
        int limit = config.train().trainImages();
        ImageSource train = data.train();
        if (limit == 0 || limit >= train.size()) {
            return train;
        }
        Random random = new Random(config.train().seed());
        int[] shuffled = IntStream.range(0, train.size()).toArray();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        return ImageSources.subset(train, java.util.Arrays.copyOf(shuffled, limit));
    }

    private static SuperClasses superClasses(RunDirectory run, Dataset data, ModelSpec model, TrainConfig train)
            throws IOException {
        if (train.routing() != TrainConfig.Routing.SUPERCLASS || !isMobileVMoe(model)) {
            return null;
        }
        String source = train.superclasses();
        SuperClasses groups;
        if (source == null || source.equals("coarse")) {
            Optional<SuperClasses> coarse = data.superClasses();
            if (coarse.isEmpty()) {
                throw new UserError(data.name() + " has no super-class division; give --superclasses random or a map from"
                        + " 'vmoe4j superclasses' (or --routing learned-image)");
            }
            groups = coarse.get();
        } else if (source.equals("random")) {
            int experts = model.experts() != null ? model.experts() : ((VitConfig) model.resolve()).moe().experts();
            groups = SuperClassMap.random(data.numClasses(), experts, train.seed());
        } else {
            groups = SuperClassMap.read(Path.of(source), data.classNames());
        }
        SuperClassMap.write(run.file("superclasses.json"), groups, data.classNames());
        return groups;
    }

    private static SuperClasses readSuperClasses(RunDirectory run, Dataset data) {
        Path file = run.file("superclasses.json");
        return Files.isRegularFile(file) ? SuperClassMap.read(file, data.classNames()) : null;
    }

    private static boolean isMobileVMoe(ModelSpec model) {
        return model.resolve() instanceof VitConfig vit && vit.moe() != null;
    }
}
