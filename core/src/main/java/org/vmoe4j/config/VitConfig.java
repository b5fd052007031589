package org.vmoe4j.config;

/**
 * A ViT (SPEC §1), dense or, with {@code moe} set, a Mobile V-MoE (SPEC §2). Build one with {@link #builder()}.
 *
 * @param mlpRatio MLP hidden width over model width (4)
 * @param moe null for the dense model
 * @param denseK for a dense model, the wider MLP of its last blocks (MV Fig. 3d's FLOP-matched baseline), or null
 */
public record VitConfig(int imageSize, int patchSize, int channels, int dim, int depth, int heads, int mlpRatio,
                        int classes, MoeConfig moe, DenseK denseK) implements ModelConfig {
    public static final double LAYER_NORM_EPS = 1e-6;

    public VitConfig {
        if (moe != null && moe.layers() > depth) {
            throw new IllegalArgumentException("MoE layers (" + moe.layers() + ") exceed the depth " + depth);
        }
        if (denseK != null && (moe != null || denseK.layers() > depth)) {
            throw new IllegalArgumentException(moe != null ? "--dense-k applies to dense ViTs, not to a Mobile V-MoE"
                    : "the " + denseK.layers() + " wider MLP blocks of --dense-k exceed the depth " + depth);
        }
    }

    /** MV's ImageNet ViTs by default: 224×224 RGB, patch 32, MLP ratio 4, 1000 classes, dense. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().imageSize(imageSize).patchSize(patchSize).channels(channels).dim(dim).depth(depth)
                .heads(heads).mlpRatio(mlpRatio).classes(classes).moe(moe).denseK(denseK);
    }

    public VitConfig withMoe(MoeConfig moe) {
        return toBuilder().moe(moe).build();
    }

    @Override
    public VitConfig withClasses(int classes) {
        return toBuilder().classes(classes).build();
    }

    @Override
    public VitConfig withInput(int imageSize, int patchSize, int channels) {
        return toBuilder().imageSize(imageSize).patchSize(patchSize).channels(channels).build();
    }

    /** The index of the first MoE block, where a per-image router reads the image (depth for a dense model). */
    public int firstMoeBlock() {
        return moe == null ? depth : depth - moe.layers();
    }

    /** True for the block index i when it is one of the last {@code moe.layers} blocks. */
    public boolean isMoeBlock(int i) {
        return i >= firstMoeBlock();
    }

    /** The MLP (or expert) hidden size of block i: mlpRatio·dim, K times that in the last L blocks under DenseK. */
    public int mlpHidden(int i) {
        int hidden = mlpRatio * dim;
        return denseK != null && i >= depth - denseK.layers() ? denseK.k() * hidden : hidden;
    }

    /** Named fields with MV's ImageNet defaults; dim, depth and heads have none. */
    public static final class Builder {
        private int imageSize = 224;
        private int patchSize = 32;
        private int channels = 3;
        private int dim;
        private int depth;
        private int heads;
        private int mlpRatio = 4;
        private int classes = 1000;
        private MoeConfig moe;
        private DenseK denseK;

        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder channels(int v) {
            channels = v;
            return this;
        }

        public Builder dim(int v) {
            dim = v;
            return this;
        }

        public Builder depth(int v) {
            depth = v;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder mlpRatio(int v) {
            mlpRatio = v;
            return this;
        }

        public Builder classes(int v) {
            classes = v;
            return this;
        }

        public Builder moe(MoeConfig v) {
            moe = v;
            return this;
        }

        public Builder denseK(DenseK v) {
            denseK = v;
            return this;
        }

        public VitConfig build() {
            return new VitConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, moe, denseK);
        }
    }
}
