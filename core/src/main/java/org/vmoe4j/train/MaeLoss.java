package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.tensor.Ops;

/**
 * mmLiT's pre-training loss (SPEC §4, ML Eq. 16): MSE_masked + α·MSE_unmasked + β·L_moe, each MSE the
 * mean over patches of the per-patch mean squared error between predicted and true pixels.
 *
 * @param masked MSE over the hidden patches (scalar)
 * @param unmasked MSE over the visible patches (scalar)
 * @param total the weighted sum
 */
public record MaeLoss(NDArray masked, NDArray unmasked, NDArray total) {
    public static final double ALPHA = 0.1;
    public static final double BETA = 0.5;

    /**
     * @param predicted [B, N, C·P·P]
     * @param target [B, N, C·P·P] the normalised input, patchified
     * @param keep [B, V] int64 visible patches
     * @param moeLoss the MoE auxiliary loss of encoder and decoder (scalar)
     */
    public static MaeLoss of(NDArray predicted, NDArray target, NDArray keep, NDArray moeLoss, double alpha, double beta) {
        NDArray perPatch = predicted.sub(target).square().mean(new int[] {2});          // [B, N]
        NDArray visible = perPatch.zerosLike().scatter(keep, keep.onesLike().toType(perPatch.getDataType(), false), 1);
        NDArray hidden = visible.neg().add(1f);
        NDArray masked = perPatch.mul(hidden).sum().div(hidden.sum());
        NDArray unmasked = perPatch.mul(visible).sum().div(visible.sum());
        return new MaeLoss(masked, unmasked, masked.add(Ops.mul(unmasked, alpha)).add(Ops.mul(moeLoss, beta)));
    }
}
