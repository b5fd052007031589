package org.vmoe4j.run;

import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.transform.Pipeline;

/** What a model's input goes through (SPEC §1, §4): the same normalisation in training, evaluation and prediction. */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** Evaluation and prediction: resize to the model's input, normalise with mean 0.5 and std 0.5. */
    public static Pipeline eval(ModelConfig model) {
        return Pipeline.eval(evalConfig(model));
    }

    /** Training: the run's crop, flip and AutoAugment, then the evaluation's normalisation. */
    public static Pipeline train(ModelConfig model, TrainConfig t) {
        AugmentConfig eval = evalConfig(model);
        return Pipeline.train(new AugmentConfig(model.imageSize(), model.channels(), t.cropScaleMin(), t.cropScaleMax(),
                t.flipP(), t.autoAugment(), eval.mean(), eval.std()));
    }

    private static AugmentConfig evalConfig(ModelConfig model) {
        return AugmentConfig.eval(model.imageSize(), model.channels());
    }
}
