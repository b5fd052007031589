package org.vmoe4j.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.nn.Dispatch;

/**
 * Everything a training run needs besides the model and the data (SPEC §4 recipes). Recipes are values
 * of this record ({@link Recipes}); command-line options override single fields ({@link #with}).
 *
 * @param lr base learning rate; the peak rate is lr·batch/256 (ML Eq. 17)
 * @param minLr the rate the cosine decays to
 * @param warmupEpochs linear warm-up length, in epochs (fractions allowed), before the cosine decay
 * @param layerDecay layer-wise learning-rate decay (1 = none): a parameter at depth d from the top gets lr·decay^d
 * @param routing how a Mobile V-MoE's router learns
 * @param superclasses super-class source for {@code SUPERCLASS} routing: {@code coarse} (the dataset's own),
 *                     {@code random} (a seeded grouping of equal sizes) or a map file from {@code vmoe4j superclasses}
 * @param routerWeight λ of MV's router loss L = L_C + λ·L_g
 * @param trainImages use only this many training images per epoch (0 = all), for quick runs
 * @param workers data-loading threads
 */
public record TrainConfig(int epochs, int batchSize, double lr, double minLr, double warmupEpochs, double weightDecay,
                          double layerDecay, long seed, Routing routing, String superclasses, double routerWeight,
                          AutoAugmentPolicy autoAugment, double cropScaleMin, double cropScaleMax, double flipP,
                          double valFraction, int trainImages, int workers, Dispatch dispatch) {

    /** How a Mobile V-MoE router is trained (MV Fig. 3e). */
    public enum Routing {
        /** Per image, supervised by super-class labels with weight λ (MV's method). */
        SUPERCLASS,
        /** Per image, learned end to end from the task loss, with an importance loss against collapse. */
        LEARNED_IMAGE,
        /** Per token (regular V-MoE), learned end to end with an importance loss. */
        LEARNED_TOKEN
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Peak learning rate after the linear scaling rule (ML Eq. 17). */
    public double peakLr() {
        return lr * batchSize / 256.0;
    }

    /** A copy with the given fields (record component names) replaced; unknown names are a bug. */
    public TrainConfig with(Map<String, ?> changes) {
        Map<String, Object> fields = JSON.convertValue(this, JSON.getTypeFactory()
                .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
        for (var change : changes.entrySet()) {
            if (!fields.containsKey(change.getKey())) {
                throw new IllegalArgumentException("no training setting named " + change.getKey());
            }
            fields.put(change.getKey(), change.getValue());
        }
        return JSON.convertValue(fields, TrainConfig.class);
    }

    /** Fails with a message naming the setting when a value is out of range. */
    public void validate() {
        check(epochs >= 1, "epochs must be at least 1, got " + epochs);
        check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        check(lr > 0 && minLr >= 0 && minLr <= peakLr(), "learning rates must satisfy 0 <= min-lr <= peak lr and lr > 0");
        check(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up must be within 0.." + epochs + " epochs, got " + warmupEpochs);
        check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        check(layerDecay > 0 && layerDecay <= 1, "layer decay must be in (0, 1], got " + layerDecay);
        check(valFraction >= 0 && valFraction < 1, "validation fraction must be in [0, 1), got " + valFraction);
        check(trainImages >= 0, "train images must be >= 0, got " + trainImages);
        check(workers >= 0, "workers must be >= 0, got " + workers);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
