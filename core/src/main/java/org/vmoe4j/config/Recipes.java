package org.vmoe4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vmoe4j.UserError;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.nn.Dispatch;

/** The papers' training recipes by name (SPEC §4, ML Tables 4–6), plus a quick default. */
public final class Recipes {
    /** The recipe {@code vmoe4j train} uses when none is named. */
    public static final String DEFAULT = "quick";

    /**
     * ML Table 4, the fine-tuning base every other ML table deviates from: AdamW, wd 0.05, cosine,
     * flip 0.5, random resized crop [0.8, 1], AutoAugment CIFAR10, normalise 0.5/0.5.
     */
    private static final TrainConfig TABLE_4 = new TrainConfig(300, 448, 5e-3, 1e-6, 20, 0.05, 0.9, 0,
            TrainConfig.Routing.SUPERCLASS, null, 0.3, AutoAugmentPolicy.CIFAR10, 0.8, 1.0, 0.5, 0.1, 0,
            Runtime.getRuntime().availableProcessors(), Dispatch.SPARSE);

    private static final Map<String, TrainConfig> RECIPES = new LinkedHashMap<>();

    static {
        // A short schedule for a first run: mLiT-XXS on Fashion-MNIST in about 12 minutes on 2 cores. Batch 64
        // (peak lr 5e-4 by Eq. 17): at this budget twice the steps beat a larger batch at the same images/s.
        add("quick", TABLE_4.with(Map.of("epochs", 2, "batchSize", 64, "lr", 2e-3, "warmupEpochs", 0.2,
                "layerDecay", 1.0, "autoAugment", AutoAugmentPolicy.NONE, "trainImages", 16000, "valFraction", 0.05)));
        add("ml-finetune", TABLE_4);
        // ML Table 3: MAE pre-training (the paper runs 4,000-8,000 epochs; 100 here, warm-up 5%).
        add("ml-pretrain", TABLE_4.with(Map.of("epochs", 100, "batchSize", 1280, "lr", 3e-4, "warmupEpochs", 5,
                "layerDecay", 1.0, "autoAugment", AutoAugmentPolicy.NONE, "cropScaleMin", 0.6)));
        // ML Table 6: mLiT from scratch, 100 epochs (SPEC §4), no layer decay.
        TrainConfig scratch = TABLE_4.with(Map.of("epochs", 100, "layerDecay", 1.0));
        add("ml-cifar100", scratch.with(Map.of("batchSize", 128, "lr", 2e-3, "warmupEpochs", 5)));
        add("ml-cifar10", scratch.with(Map.of("batchSize", 256, "lr", 1e-3, "warmupEpochs", 5)));
        add("ml-svhn", scratch.with(Map.of("batchSize", 256, "lr", 1e-3, "warmupEpochs", 10,
                "autoAugment", AutoAugmentPolicy.SVHN)));
        add("ml-flowers102", scratch.with(Map.of("batchSize", 16, "lr", 1e-2, "warmupEpochs", 10)));
        // ML Table 5: transfer fine-tuning of a pre-trained mmLiT, 100 epochs.
        TrainConfig transfer = TABLE_4.with(Map.of("epochs", 100));
        add("ml-transfer-cifar100", transfer.with(Map.of("batchSize", 128, "lr", 5e-3, "warmupEpochs", 5)));
        add("ml-transfer-cifar10", transfer.with(Map.of("batchSize", 256, "lr", 2.5e-3, "layerDecay", 0.8,
                "warmupEpochs", 5)));
        add("ml-transfer-svhn", transfer.with(Map.of("batchSize", 256, "lr", 2.5e-3, "warmupEpochs", 10,
                "autoAugment", AutoAugmentPolicy.SVHN)));
        add("ml-transfer-flowers102", transfer.with(Map.of("batchSize", 16, "lr", 1e-2, "warmupEpochs", 10)));
        // MV §3: the paper gives λ = 0.3 and the routing; the optimiser settings follow DeiT-style AdamW.
        add("mv", TABLE_4.with(Map.of("epochs", 300, "batchSize", 1024, "lr", 1e-3, "warmupEpochs", 5,
                "layerDecay", 1.0)));
    }

    private Recipes() {
    }

    private static void add(String name, TrainConfig recipe) {
        recipe.validate();
        RECIPES.put(name, recipe);
    }

    public static TrainConfig get(String name) {
        TrainConfig recipe = RECIPES.get(name);
        if (recipe == null) {
            throw new UserError("unknown recipe '" + name + "'; known recipes: " + String.join(", ", names()));
        }
        return recipe;
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(RECIPES.keySet());
    }
}
