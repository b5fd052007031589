package org.vmoe4j.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.TrainConfig;

/**
 * A run's {@code config.json}: everything needed to rebuild its model and continue or evaluate it.
 *
 * @param preset the preset the model was named by (for reports)
 * @param model the model as trained, fully resolved (classes, input, experts, routing): models are rebuilt from this
 * @param data the dataset spec it trained on
 * @param recipe the recipe the settings started from
 * @param train the fully resolved settings
 * @param startFrom the weights the model started from (pre-trained, upcycled), or null for random ones
 */
public record RunConfig(String preset, ModelConfig model, String data, String recipe, TrainConfig train,
                        StartFrom startFrom) {
    /**
     * Reads {@code config.json}, also as runs written before {@code startFrom} replaced {@code init} (the path of
     * pre-trained weights, or null) wrote it; settings added since take their defaults.
     */
    @JsonCreator
    static RunConfig read(@JsonProperty("preset") String preset, @JsonProperty("model") ModelConfig model,
                          @JsonProperty("data") String data, @JsonProperty("recipe") String recipe,
                          @JsonProperty("train") TrainConfig train, @JsonProperty("startFrom") StartFrom startFrom,
                          @JsonProperty("init") String init) {
        StartFrom start = startFrom == null && init != null ? StartFrom.pretrained(Path.of(init)) : startFrom;
        return new RunConfig(preset, model, data, recipe, train, start);
    }
}
