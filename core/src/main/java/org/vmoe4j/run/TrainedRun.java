package org.vmoe4j.run;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * A run directory read back: its configuration, classes, super-classes, data (split as the run split it) and the
 * trained model rebuilt from {@code config.json} alone. What {@code eval}, {@code predict}, {@code study} and
 * {@code export} share; training itself continues a run through the train package.
 */
public final class TrainedRun {
    private final RunDirectory directory;
    private final RunConfig config;
    private Dataset data;

    private TrainedRun(RunDirectory directory, RunConfig config) {
        this.directory = directory;
        this.config = config;
    }

    /** Reads {@code DIR/config.json}; refuses a directory that is not a run. */
    public static TrainedRun open(Path dir) {
        RunDirectory directory = new RunDirectory(dir);
        return new TrainedRun(directory, directory.readConfig());
    }

    public RunDirectory directory() {
        return directory;
    }

    public RunConfig config() {
        return config;
    }

    /** The class names recorded when the run started, one per class of the model's head. */
    public List<String> classNames() {
        List<String> names = directory.readClassNames();
        if (names.size() != config.model().classes()) {
            throw new UserError(directory.file(RunDirectory.CLASSES) + ": " + names.size() + " class names, but the"
                    + " model's head has " + config.model().classes() + " classes");
        }
        return names;
    }

    /** The run's data, split as the run split it (opened on first use). */
    public Dataset data() {
        if (data == null) {
            data = Datasets.open(config.data(), config.train().valFraction(), config.train().seed());
        }
        return data;
    }

    /**
     * The run's data, or another dataset of the same classes split the way the run split its own (same validation
     * fraction and seed), for evaluating the trained model on it.
     */
    public Dataset data(String spec) {
        if (spec == null) {
            return data();
        }
        Dataset other = Datasets.open(spec, config.train().valFraction(), config.train().seed());
        int classes = classNames().size();
        if (other.numClasses() != classes) {
            throw new UserError(spec + " has " + other.numClasses() + " classes but " + directory.path()
                    + " was trained on " + classes);
        }
        return other;
    }

    /** The super-classes the router was trained on, or null when the run has none. */
    public SuperClasses superClasses() {
        Path file = directory.file(RunDirectory.SUPERCLASSES);
        return Files.isRegularFile(file) ? SuperClassMap.read(file, classNames()) : null;
    }

    /** The trained model (any family) with its final weights. */
    public Model loadModel() {
        return loadModel(null);
    }

    /** The same on {@code device} (null: the engine's default device). */
    public Model loadModel(Device device) {
        if (!directory.hasWeights()) {
            throw new UserError(directory.path() + " has no " + RunDirectory.WEIGHTS
                    + " yet: its training has not finished (--resume it)");
        }
        return Models.load(config.model(), directory.file(RunDirectory.WEIGHTS), device);
    }

    /** The trained classifier; refuses a pre-training run. */
    public Classifier loadClassifier() {
        return loadClassifier(null);
    }

    /** The same on {@code device} (null: the engine's default device). */
    public Classifier loadClassifier(Device device) {
        if (config.model() instanceof MaeConfig) {
            throw new UserError(directory.path() + " holds a pre-training run, not a classifier");
        }
        return (Classifier) loadModel(device);
    }
}
