package org.vmoe4j.study;

import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;

/**
 * What an accuracy-vs-FLOPs study trains (MV Fig. 1): ViT-family models, one dataset, one schedule, and the
 * input and expert settings they share. Recorded as {@code DIR/study.json}, so a killed study continues with
 * the same plan.
 *
 * @param models presets named by the user: {@code vit-*}, {@code mvmoe-*} or {@code deit-ti}
 * @param data the dataset spec
 * @param recipe the recipe the schedule started from
 * @param train the resolved schedule every model trains with
 * @param imageSize input side for every model, or null for the presets'
 * @param patchSize patch side for every model, or null for the presets'
 * @param experts experts of every Mobile V-MoE = super-classes discovered from its dense twin (MV 2.2)
 */
public record StudyPlan(List<String> models, String data, String recipe, TrainConfig train, Integer imageSize,
                        Integer patchSize, int experts) {
    public StudyPlan {
        models = List.copyOf(models);
    }

    /** Refuses a plan that cannot run, naming the option at fault. */
    public StudyPlan validate() {
        if (models.isEmpty()) {
            throw new UserError("--models is empty; name at least one model, e.g. vit-6x64,mvmoe-6x64");
        }
        for (String model : models) {
            if (!ModelPresets.names().contains(model) || !(family(model) == Family.DENSE_VIT || isMoe(model))) {
                throw new UserError("--models: '" + model + "' is not a ViT-family preset (vit-DxW, mvmoe-DxW or deit-ti)");
            }
        }
        if (experts < 2) {
            throw new UserError("--experts must be at least 2, got " + experts);
        }
        if (train.valFraction() == 0 && models.stream().anyMatch(StudyPlan::isMoe)) {
            throw new UserError("super-class discovery needs a validation split: give the study --val-fraction > 0");
        }
        train.validate();
        return this;
    }

    /** The models in training order: each Mobile V-MoE right after its dense twin, which is added when not listed. */
    public List<String> trainingOrder() {
        List<String> order = new ArrayList<>();
        for (String model : models) {
            String first = isMoe(model) ? ModelPresets.get(model).twin() : model;
            if (!order.contains(first)) {
                order.add(first);
            }
            if (!order.contains(model)) {
                order.add(model);
            }
        }
        return order;
    }

    /** The model a run trains: the preset with the study's input size, patch size and expert count. */
    public ModelSpec spec(String model) {
        return new ModelSpec.Builder(model).input(imageSize, patchSize, null).experts(isMoe(model) ? experts : null)
                .build();
    }

    /** True for a Mobile V-MoE, which the study trains after its dense twin with super-classes discovered from it. */
    public static boolean isMoe(String model) {
        return family(model) == Family.MOBILE_VMOE;
    }

    private static Family family(String model) {
        return ModelPresets.get(model).family();
    }
}
