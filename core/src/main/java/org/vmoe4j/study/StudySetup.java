package org.vmoe4j.study;

import java.util.function.Function;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;

/**
 * What the arms of one study share when they are made: the input of every model, the experts of every Mobile V-MoE
 * (= super-classes discovered for it) unless an arm varies them, and the schedule each model trains with (a recipe
 * such as {@code mv} depends on the model's width).
 */
public record StudySetup(Integer imageSize, Integer patchSize, int experts, Function<ModelSpec, TrainConfig> schedule) {

    /** The preset with the study's input. */
    ModelSpec.Builder model(String preset) {
        return new ModelSpec.Builder(preset).input(imageSize, patchSize, null);
    }

    StudyArm arm(String name, String setting, String series, ModelSpec model, String groupsFrom) {
        return new StudyArm(name, setting, series, model, schedule.apply(model), groupsFrom);
    }
}
