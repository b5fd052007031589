package org.vmoe4j.study;

import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.UserError;
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
    private static final String MOE = "mvmoe-";
    private static final String DENSE = "vit-";

    public StudyPlan {
        models = List.copyOf(models);
    }

    /** Refuses a plan that cannot run, naming the option at fault. */
    public StudyPlan validate() {
        if (models.isEmpty()) {
            throw new UserError("--models is empty; name at least one model, e.g. vit-6x64,mvmoe-6x64");
        }
        for (String model : models) {
            if (!ModelPresets.names().contains(model) || !(model.startsWith(DENSE) || isMoe(model) || model.equals("deit-ti"))) {
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
            String first = isMoe(model) ? denseTwin(model) : model;
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
        return new ModelSpec(model, null, imageSize, patchSize, null, isMoe(model) ? experts : null, null, null, null);
    }

    public static boolean isMoe(String model) {
        return model.startsWith(MOE);
    }

    /** The dense ViT a Mobile V-MoE is built from (same depth and width): its super-classes come from it. */
    public static String denseTwin(String moe) {
        return DENSE + moe.substring(MOE.length());
    }
}
