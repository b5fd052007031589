package org.vmoe4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vmoe4j.UserError;
import org.vmoe4j.data.transform.AutoAugmentPolicy;

/** The papers' training recipes by name (SPEC §4, ML Tables 3–6, MV §3.1), plus a quick default. */
public final class Recipes {
    /** The recipe {@code vmoe4j train} uses when none is named. */
    public static final String DEFAULT = "quick";

    /**
     * ML Table 4, the fine-tuning base every other ML table deviates from (the builder's defaults): AdamW, wd 0.05,
     * 300 epochs, batch 448, lr 5e-3, warm-up 20, cosine, layer decay 0.9, flip 0.5, random resized crop [0.8, 1],
     * AutoAugment CIFAR10, normalise 0.5/0.5.
     */
    private static final TrainConfig TABLE_4 = TrainConfig.builder().build();

    private static final Map<String, TrainConfig> RECIPES = new LinkedHashMap<>();

    static {
        // A short schedule for a first run: mLiT-XXS on Fashion-MNIST in about 12 minutes on 2 cores. Batch 64
        // (peak lr 5e-4 by Eq. 17): at this budget twice the steps beat a larger batch at the same images/s.
        add("quick", TABLE_4.toBuilder().epochs(2).batchSize(64).lr(2e-3).warmupEpochs(0.2).layerDecay(1)
                .autoAugment(AutoAugmentPolicy.NONE).trainImages(16000).valFraction(0.05));
        add("ml-finetune", TABLE_4.toBuilder());
        // ML Table 3: MAE pre-training (the paper runs 4,000-8,000 epochs; 100 here, warm-up 5%).
        add("ml-pretrain", TABLE_4.toBuilder().epochs(100).batchSize(1280).lr(3e-4).warmupEpochs(5).layerDecay(1)
                .autoAugment(AutoAugmentPolicy.NONE).cropScale(0.6, 1));
        // ML Table 6: mLiT from scratch, 100 epochs (SPEC §4), no layer decay.
        TrainConfig scratch = TABLE_4.toBuilder().epochs(100).layerDecay(1).build();
        add("ml-cifar100", scratch.toBuilder().batchSize(128).lr(2e-3).warmupEpochs(5));
        add("ml-cifar10", scratch.toBuilder().batchSize(256).lr(1e-3).warmupEpochs(5));
        add("ml-svhn", scratch.toBuilder().batchSize(256).lr(1e-3).warmupEpochs(10).autoAugment(AutoAugmentPolicy.SVHN));
        add("ml-flowers102", scratch.toBuilder().batchSize(16).lr(1e-2).warmupEpochs(10));
        // ML Table 5: transfer fine-tuning of a pre-trained mmLiT, 100 epochs.
        TrainConfig transfer = TABLE_4.toBuilder().epochs(100).build();
        add("ml-transfer-cifar100", transfer.toBuilder().batchSize(128).lr(5e-3).warmupEpochs(5));
        add("ml-transfer-cifar10", transfer.toBuilder().batchSize(256).lr(2.5e-3).layerDecay(0.8).warmupEpochs(5));
        add("ml-transfer-svhn", transfer.toBuilder().batchSize(256).lr(2.5e-3).warmupEpochs(10)
                .autoAugment(AutoAugmentPolicy.SVHN));
        add("ml-transfer-flowers102", transfer.toBuilder().batchSize(16).lr(1e-2).warmupEpochs(10));
        // MV §3: the paper gives λ = 0.3 and the routing; the optimiser settings follow DeiT-style AdamW.
        add("mv", TABLE_4.toBuilder().epochs(300).batchSize(1024).lr(1e-3).warmupEpochs(5).layerDecay(1));
    }

    private Recipes() {
    }

    private static void add(String name, TrainConfig.Builder recipe) {
        TrainConfig config = recipe.build();
        config.validate();
        RECIPES.put(name, config);
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
