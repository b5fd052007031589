package org.vmoe4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.vmoe4j.UserError;
import org.vmoe4j.data.RandAugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;

/**
 * The papers' training recipes by name (SPEC §2 Training, §4; ML Tables 3–6; MV §3.1 with DeiT's and ViT's
 * recipes), plus a quick default. Every learning rate here is the base of ML Eq. 17 (peak = lr·batch/256); a recipe
 * published with another rule states the base that gives its published peak.
 */
public final class Recipes {
    /** The recipe {@code vmoe4j train} uses when none is named. */
    public static final String DEFAULT = "quick";
    /** MV §3.1: hidden sizes of at least this use DeiT's recipe, smaller ones the standard ViT recipe. */
    public static final int MV_DEIT_WIDTH = 192;

    /**
     * ML Table 4, the fine-tuning base every other ML table deviates from (the builder's defaults): AdamW, wd 0.05,
     * 300 epochs, batch 448, lr 5e-3, warm-up 20, cosine, layer decay 0.9, flip 0.5, random resized crop [0.8, 1],
     * AutoAugment CIFAR10, normalise 0.5/0.5.
     */
    private static final TrainConfig TABLE_4 = TrainConfig.builder().build();

    /**
     * DeiT (Touvron et al. 2021, Table 9 and its {@code main.py} defaults; SPEC §2 Training): AdamW, lr 5e-4·batch/512,
     * i.e. base 2.5e-4 under Eq. 17 (peak 1e-3 at DeiT's batch 1024), wd 0.05, 300 epochs, 5 warm-up, cosine to 1e-5,
     * label smoothing 0.1, RandAugment rand-m9-mstd0.5-inc1, mixup 0.8, CutMix 1.0, random erasing 0.25, stochastic
     * depth 0.1, random resized crop [0.08, 1], flip 0.5, ImageNet mean and std. Left out: repeated augmentation and
     * the EMA of the weights (DeiT §6: EMA gains 0.1 point, which vanishes after fine-tuning; with DeiT's decay
     * 0.99996 it averages over some 25,000 steps, longer than the schedules run here).
     */
    private static final TrainConfig DEIT = TABLE_4.toBuilder().epochs(300).batchSize(1024).lr(2.5e-4).minLr(1e-5)
            .warmupEpochs(5).weightDecay(0.05).layerDecay(1).autoAugment(AutoAugmentPolicy.NONE)
            .randAugment(RandAugmentConfig.DEIT).cropScale(0.08, 1).flipP(0.5).labelSmoothing(0.1).mixup(0.8)
            .cutmix(1.0).randomErasing(0.25).dropPath(0.1).normalization(Normalization.IMAGENET).build();

    /**
     * The standard ViT recipe MV §3.1 cites (Dosovitskiy et al. 2021, App. B.1, Table 3, ImageNet from scratch):
     * Adam with decoupled weight decay 0.3, peak lr 3e-3 at batch 4096, i.e. base 1.875e-4 under Eq. 17, warm-up
     * 10,000 steps (32 epochs of ImageNet-1k at that batch), cosine decay to 0, 300 epochs, Inception crop (area
     * [0.05, 1]) and flip, inputs in [−1, 1] (mean and std 0.5), no other augmentation or regulariser. Left out: the
     * paper's dropout 0.1 and gradient clipping at global norm 1.
     */
    private static final TrainConfig VIT = TABLE_4.toBuilder().epochs(300).batchSize(4096).lr(1.875e-4).minLr(0)
            .warmupEpochs(32).weightDecay(0.3).layerDecay(1).autoAugment(AutoAugmentPolicy.NONE).cropScale(0.05, 1)
            .flipP(0.5).normalization(Normalization.HALF).build();

    private static final Map<String, Function<ModelConfig, TrainConfig>> RECIPES = new LinkedHashMap<>();

    static {
        // A short schedule for a first run: mLiT-XXS on Fashion-MNIST in about 12 minutes on 2 cores. Batch 64
        // (peak lr 5e-4 by Eq. 17): at this budget twice the steps beat a larger batch at the same images/s.
        add("quick", TABLE_4.toBuilder().epochs(2).batchSize(64).lr(2e-3).warmupEpochs(0.2).layerDecay(1)
                .autoAugment(AutoAugmentPolicy.NONE).trainImages(16000).valFraction(0.05).build());
        add("ml-finetune", TABLE_4);
        // ML Table 3: MAE pre-training (the paper runs 4,000-8,000 epochs; 100 here, warm-up 5%).
        add("ml-pretrain", TABLE_4.toBuilder().epochs(100).batchSize(1280).lr(3e-4).warmupEpochs(5).layerDecay(1)
                .autoAugment(AutoAugmentPolicy.NONE).cropScale(0.6, 1).build());
        // ML Table 6: mLiT from scratch, 100 epochs (SPEC §4), no layer decay.
        TrainConfig scratch = TABLE_4.toBuilder().epochs(100).layerDecay(1).build();
        add("ml-cifar100", scratch.toBuilder().batchSize(128).lr(2e-3).warmupEpochs(5).build());
        add("ml-cifar10", scratch.toBuilder().batchSize(256).lr(1e-3).warmupEpochs(5).build());
        add("ml-svhn", scratch.toBuilder().batchSize(256).lr(1e-3).warmupEpochs(10).autoAugment(AutoAugmentPolicy.SVHN)
                .build());
        add("ml-flowers102", scratch.toBuilder().batchSize(16).lr(1e-2).warmupEpochs(10).build());
        // ML Table 5: transfer fine-tuning of a pre-trained mmLiT, 100 epochs.
        TrainConfig transfer = TABLE_4.toBuilder().epochs(100).build();
        add("ml-transfer-cifar100", transfer.toBuilder().batchSize(128).lr(5e-3).warmupEpochs(5).build());
        add("ml-transfer-cifar10", transfer.toBuilder().batchSize(256).lr(2.5e-3).layerDecay(0.8).warmupEpochs(5)
                .build());
        add("ml-transfer-svhn", transfer.toBuilder().batchSize(256).lr(2.5e-3).warmupEpochs(10)
                .autoAugment(AutoAugmentPolicy.SVHN).build());
        add("ml-transfer-flowers102", transfer.toBuilder().batchSize(16).lr(1e-2).warmupEpochs(10).build());
        add("deit", DEIT);
        add("vit", VIT);
        // MV §3.1: DeiT's recipe for hidden sizes 384 and 192, the standard ViT recipe for 96 and 64 "to avoid
        // underfitting"; the router loss weight λ = 0.3 (MV §2.2) is every recipe's.
        RECIPES.put("mv", model -> {
            if (model == null) {
                throw new IllegalArgumentException("recipe mv picks DeiT's or ViT's recipe by the model's width");
            }
            return model.dim() >= MV_DEIT_WIDTH ? DEIT : VIT;
        });
    }

    private Recipes() {
    }

    private static void add(String name, TrainConfig recipe) {
        recipe.validate();
        RECIPES.put(name, model -> recipe);
    }

    /** A recipe that does not depend on the model (every one but {@code mv}). */
    public static TrainConfig get(String name) {
        return forModel(name, null);
    }

    /** The recipe of that name for that model ({@code mv} chooses by the model's width), or a UserError. */
    public static TrainConfig forModel(String name, ModelConfig model) {
        Function<ModelConfig, TrainConfig> recipe = RECIPES.get(name);
        if (recipe == null) {
            throw new UserError("unknown recipe '" + name + "'; known recipes: " + String.join(", ", names()));
        }
        return recipe.apply(model);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(RECIPES.keySet());
    }
}
