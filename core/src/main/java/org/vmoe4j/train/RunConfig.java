package org.vmoe4j.train;

import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.TrainConfig;

/**
 * A run's {@code config.json}: everything needed to rebuild its model and continue or evaluate it.
 *
 * @param model the model as named, with the data's class count filled in
 * @param data the dataset spec it trained on
 * @param recipe the recipe the settings started from
 * @param train the fully resolved settings
 * @param init the pre-training run or weights file the model started from, or null
 */
public record RunConfig(ModelSpec model, String data, String recipe, TrainConfig train, String init) {
}
