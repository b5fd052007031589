package org.vmoe4j.config;

/**
 * One entry of the preset registry, as timm registers a model: its name, family, the model config and the
 * preset it pairs with.
 *
 * @param twin the dense ViT of the same depth and width for a Mobile V-MoE (its super-classes come from it, MV 2.2);
 *             the masked auto-encoder that pre-trains an mLiT; the mLiT an mmLiT pre-trains; null otherwise
 */
public record ModelPreset(String name, Family family, ModelConfig config, String twin) {
}
