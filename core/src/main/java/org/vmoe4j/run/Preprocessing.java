package org.vmoe4j.run;

import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.data.transform.Pipeline;

/**
 * What a model's input goes through (SPEC §1, §2 Training, §4): the run's normalisation in training, evaluation and
 * prediction alike (mean and std 0.5 unless the recipe says otherwise, as DeiT's ImageNet statistics do).
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** Evaluation and prediction of a trained run: resize to the model's input, normalise as it trained. */
    public static Pipeline eval(RunConfig run) {
        return eval(run.model(), run.train().normalization());
    }

    /** Evaluation: resize to the model's input, normalise with the given statistics. */
    public static Pipeline eval(ModelConfig model, Normalization normalization) {
        return Pipeline.eval(new AugmentConfig(model.imageSize(), model.channels(), 1.0, 1.0, 0.0,
                AutoAugmentPolicy.NONE, normalization.mean(model.channels()), normalization.std(model.channels())));
    }

    /** Training: the run's crop, flip, AutoAugment or RandAugment, normalisation and random erasing. */
    public static Pipeline train(ModelConfig model, TrainConfig t) {
        int c = model.channels();
        return Pipeline.train(new AugmentConfig(model.imageSize(), c, t.cropScaleMin(), t.cropScaleMax(), t.flipP(),
                t.autoAugment(), t.normalization().mean(c), t.normalization().std(c), t.randAugment(),
                t.randomErasing()));
    }
}
