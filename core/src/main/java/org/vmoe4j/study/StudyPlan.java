package org.vmoe4j.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelPresets;

/**
 * What a study trains, in order: its arms, on one dataset. Recorded as {@code DIR/study.json}, so a killed study
 * continues with the same plan. Made by {@link #comparing} (MV Fig. 1: dense ViTs and their Mobile V-MoE twins) or
 * by an {@link Ablation}.
 *
 * @param ablation the ablation the arms make ({@code fig3b}, ...), or null for a comparison of models
 * @param data the dataset spec
 * @param recipe the recipe the schedules started from
 */
public record StudyPlan(String ablation, String data, String recipe, List<StudyArm> arms) {
    public StudyPlan {
        arms = List.copyOf(arms);
    }

    /**
     * MV's procedure for the named presets: each dense ViT, and each Mobile V-MoE after its dense twin (added when not
     * named) with the super-classes discovered from that twin's confusions.
     *
     * @param k experts per image of every Mobile V-MoE, or null for the presets'
     * @param denseK the MLP factor of every dense ViT's last L blocks (MV Fig. 3d), or null
     * @param moeLayers L of every Mobile V-MoE and, with denseK, of every dense ViT, or null
     */
    public static StudyPlan comparing(List<String> models, String data, String recipe, StudySetup setup, Integer k,
                                      Integer denseK, Integer moeLayers) {
        List<StudyArm> arms = new ArrayList<>();
        for (String model : models) {
            if (!ModelPresets.names().contains(model) || !(family(model) == Family.DENSE_VIT || isMoe(model))) {
                throw new UserError("--models: '" + model + "' is not a ViT-family preset (vit-DxW, mvmoe-DxW or deit-ti)");
            }
            String dense = isMoe(model) ? ModelPresets.get(model).twin() : model;
            if (arms.stream().noneMatch(a -> a.name().equals(dense))) {
                arms.add(setup.arm(dense, dense, Family.DENSE_VIT.label(), setup.model(dense).denseK(denseK)
                        .moeLayers(denseK != null ? moeLayers : null).build(), null));
            }
            if (isMoe(model) && arms.stream().noneMatch(a -> a.name().equals(model))) {
                arms.add(setup.arm(model, model, Family.MOBILE_VMOE.label(), setup.model(model).experts(setup.experts())
                        .k(k).moeLayers(moeLayers).build(), dense));
            }
        }
        return new StudyPlan(null, data, recipe, arms);
    }

    /** Refuses a plan that cannot run, naming the arm and what is wrong with it. */
    public StudyPlan validate() {
        if (arms.isEmpty()) {
            throw new UserError("--models is empty; name at least one model, e.g. vit-6x64,mvmoe-6x64");
        }
        Set<String> seen = new HashSet<>();
        for (StudyArm arm : arms) {
            if (!seen.add(arm.name())) {
                throw new UserError("the study names '" + arm.name() + "' twice");
            }
            try {
                arm.model().resolve();
                arm.train().validate();
            } catch (IllegalArgumentException e) {
                throw new UserError(arm.name() + ": " + e.getMessage());
            }
            if (arm.groupsFrom() != null) {
                checkGroups(arm, seen);
            }
        }
        return this;
    }

    private void checkGroups(StudyArm arm, Set<String> earlier) {
        if (!earlier.contains(arm.groupsFrom())) {
            throw new UserError(arm.name() + ": its super-classes come from " + arm.groupsFrom()
                    + ", which the study does not train before it");
        }
        if (arm.model().experts() == null || arm.model().experts() < 2) {
            throw new UserError(arm.name() + ": --experts must be at least 2, got " + arm.model().experts());
        }
        if (arm.train().valFraction() == 0) {
            throw new UserError("super-class discovery needs a validation split: give the study --val-fraction > 0");
        }
    }

    /** True for a Mobile V-MoE preset. */
    static boolean isMoe(String preset) {
        return family(preset) == Family.MOBILE_VMOE;
    }

    static Family family(String preset) {
        return ModelPresets.get(preset).family();
    }
}
