package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.tensor.Ops;

/**
 * Cuts an image into P×P patches and projects each to the model width (SPEC §1, §3). The weight has
 * the conv-kernel shape [D, C, P, P] of timm's {@code patch_embed.proj}, so a patch is flattened in
 * (channel, row, column) order; mLiT's projection has no bias.
 */
public final class PatchEmbedding {
    private final NDArray weight; // [D, C, P, P]
    private final NDArray bias;   // [D] or null
    private final int channels;
    private final int patch;
    private final int dim;

    public PatchEmbedding(Scope scope, int channels, int patch, int dim, boolean bias) {
        this.channels = channels;
        this.patch = patch;
        this.dim = dim;
        long fanIn = (long) channels * patch * patch;
        this.weight = scope.param("weight", Init.patchWeight(fanIn), dim, channels, patch, patch);
        this.bias = bias ? scope.param("bias", Init.patchBias(fanIn), dim) : null;
    }

    /**
     * [B, C, H, W] → [B, N, D], N = (H/P)(W/P) patches in row-major grid order: the same products as
     * {@code embed(patchify(images))}, run as one stride-P convolution (no copy of the patches; 1.6x faster
     * forward for vit-6x64 at batch 32). The result is a transposed view of the [B, D, N] output.
     */
    public NDArray forward(NDArray images) {
        NDArray out = Ops.strideConv(images, weight, bias);                       // [B, D, H/P, W/P]
        long b = out.getShape().get(0), n = out.getShape().get(2) * out.getShape().get(3);
        return out.reshape(b, dim, n).transpose(0, 2, 1);
    }

    /** Flattened patches [B, N, C·P·P] → tokens [B, N, D]. */
    public NDArray embed(NDArray patches) {
        NDArray kernel = weight.reshape(dim, (long) channels * patch * patch);
        return Linear.apply(patches, kernel, bias);
    }

    /** [B, C, H, W] → [B, N, C·P·P]: each patch flattened as (c, py, px), the conv-kernel order. */
    public static NDArray patchify(NDArray images, int patch) {
        long b = images.getShape().get(0), c = images.getShape().get(1);
        long gh = images.getShape().get(2) / patch, gw = images.getShape().get(3) / patch;
        return images.reshape(b, c, gh, patch, gw, patch)
                .transpose(0, 2, 4, 1, 3, 5)
                .reshape(b, gh * gw, c * patch * patch);
    }

    /** Cost for {@code patches} patches of one image. */
    public Cost cost(long patches) {
        long in = (long) channels * patch * patch;
        return Cost.dense(in * dim + (bias == null ? 0 : dim), 2L * in * dim * patches);
    }
}
