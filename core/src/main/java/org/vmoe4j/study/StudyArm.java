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
 * @param upcycleFrom the arm whose trained dense ViT the model starts from (sparse upcycling, or the dense model's
 *                    continuation), or null to start from random weights
 */
public record StudyArm(String name, String setting, String series, ModelSpec model, TrainConfig train,
                       String groupsFrom, String upcycleFrom) {
    /** The same arm started from the trained weights of {@code source}. */
    StudyArm upcycledFrom(String source) {
        return new StudyArm(name, setting, series, model, train, groupsFrom, source);
    }
}
