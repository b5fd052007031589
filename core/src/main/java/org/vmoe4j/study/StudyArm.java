package org.vmoe4j.study;

import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;

/**
 * One row of a study: a model trained and tested with its schedule.
 *
 * @param name the run directory and the row's key in {@code results.csv}
 * @param setting what the row varies (E = 5, k = 2, super-class, ...): the chart's group
 * @param series which line or bar the row belongs to (dense ViT, Mobile V-MoE, ...)
 * @param model the model, with every override (input, experts, k, routing, --dense-k, sharing)
 * @param train its schedule (super-classes {@code random} for MV's random grouping)
 * @param groupsFrom the arm whose validation confusions are clustered into the model's experts super-classes
 *                   (MV §2.2), or null
 */
public record StudyArm(String name, String setting, String series, ModelSpec model, TrainConfig train,
                       String groupsFrom) {
}
