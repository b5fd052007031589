package org.vmoe4j.config;

/**
 * A ViT (SPEC §1), dense or, with {@code moe} set, a Mobile V-MoE (SPEC §2).
 *
 * @param mlpRatio MLP hidden width over model width (4)
 * @param moe null for the dense model
 */
public record VitConfig(int imageSize, int patchSize, int channels, int dim, int depth, int heads, int mlpRatio,
                        int classes, MoeConfig moe) implements ModelConfig {
    public static final double LAYER_NORM_EPS = 1e-6;

    /** MV's ImageNet ViTs: patch 32 at 224×224, RGB, 1000 classes, MLP ratio 4. */
    public static VitConfig imagenet(int depth, int dim, int heads, int patch) {
        return new VitConfig(224, patch, 3, dim, depth, heads, 4, 1000, null);
    }

    public VitConfig withMoe(MoeConfig moe) {
        if (moe != null && moe.layers() > depth) {
            throw new IllegalArgumentException("MoE layers (" + moe.layers() + ") exceed the depth " + depth);
        }
        return new VitConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, moe);
    }

    @Override
    public VitConfig withClasses(int classes) {
        return new VitConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, moe);
    }

    @Override
    public VitConfig withInput(int imageSize, int patchSize, int channels) {
        return new VitConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, moe);
    }

    /** True for the block index i when it is one of the last {@code moe.layers} blocks. */
    public boolean isMoeBlock(int i) {
        return moe != null && i >= depth - moe.layers();
    }
}
