package org.vmoe4j.train;

import java.nio.file.Path;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Routing;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.run.RunConfig;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.run.StartFrom;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * Prepares a new run: opens the data, sizes the model for it (classes; one expert per super-class), resolves the
 * routing into the model config, then creates the directory and writes {@code config.json}, {@code classes.json}
 * and, for super-class routing, {@code superclasses.json}. Nothing is written until everything has resolved.
 */
final class RunSetup {
    private RunSetup() {
    }

    static TrainingRun start(Path dir, ModelSpec model, String dataSpec, String recipe, TrainConfig train,
                             StartFrom from) {
        RunDirectory run = new RunDirectory(dir);
        Dataset data = Datasets.open(dataSpec, train.valFraction(), train.seed());
        if (data.train().size() == 0) {
            throw new UserError(dataSpec + ": the training split is empty; nothing to train on");
        }
        ModelSpec sized = model.classes() == null ? model.withClasses(data.numClasses()) : model;
        if (sized.classes() != data.numClasses()) {
            throw new UserError("--classes " + sized.classes() + " does not match the " + data.numClasses()
                    + " classes of " + dataSpec);
        }
        SuperClasses groups = superClasses(data, sized, train);
        if (groups != null) {
            sized = withOneExpertPerGroup(sized, groups);
        }
        RunConfig config = new RunConfig(model.preset(), resolve(sized), dataSpec, recipe, train, from);
        if (from != null) {
            try (Model check = Models.build(config.model(), 0)) { // refuses a source that does not fit, naming a tensor
                WarmStart.load(check, from);
            }
        }
        run.create();
        run.writeConfig(config);
        run.writeClassNames(data.classNames());
        if (groups != null) {
            SuperClassMap.write(run.file(RunDirectory.SUPERCLASSES), groups, data.classNames());
        }
        return new TrainingRun(run, config, data, groups);
    }

    private static ModelConfig resolve(ModelSpec spec) {
        try {
            return spec.resolve();
        } catch (IllegalArgumentException e) {
            throw new UserError("model " + spec.preset() + ": " + e.getMessage());
        }
    }

    private static ModelSpec withOneExpertPerGroup(ModelSpec spec, SuperClasses groups) {
        if (spec.experts() != null && spec.experts() != groups.numGroups()) {
            throw new UserError("the super-class map has " + groups.numGroups() + " groups but the model has "
                    + spec.experts() + " experts; super-class routing needs one expert per group");
        }
        return spec.withExperts(groups.numGroups());
    }

    /** The super-classes a Mobile V-MoE's router learns from (MV §2.2), or null for other models and routings. */
    private static SuperClasses superClasses(Dataset data, ModelSpec model, TrainConfig train) {
        if (model.entry().family() != Family.MOBILE_VMOE || model.effectiveRouting() != Routing.SUPERCLASS) {
            return null;
        }
        String source = train.superclasses();
        if (source == null || source.equals("coarse")) {
            return data.superClasses().orElseThrow(() -> new UserError(data.name() + " has no super-class division;"
                    + " give --superclasses random or a map from 'vmoe4j superclasses' (or --routing learned-image)"));
        }
        if (source.equals("random")) {
            int experts = model.experts() != null ? model.experts()
                    : ((VitConfig) model.entry().config()).moe().experts();
            return SuperClassMap.random(data.numClasses(), experts, train.seed());
        }
        return SuperClassMap.read(Path.of(source), data.classNames());
    }
}
