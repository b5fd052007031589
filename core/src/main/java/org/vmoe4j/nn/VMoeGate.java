package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.tensor.Ops;

/**
 * The routing function of V-MoE (Riquelme et al. 2021) and Mobile V-MoE (SPEC §2, MV Eq. 2):
 * g(x) = TOP_k(softmax(W x + ε)) with ε ~ N(0, (σ/E)²) in training only, the k kept probabilities not
 * renormalised. Learned routing adds V-MoE's importance and load losses ({@link LoadBalance}), weighted, to the
 * pass; super-class routing has σ = 0 and no losses, which is exactly MV's Eq. 2.
 */
public final class VMoeGate {
    private final int k;
    private final double noise;
    private final double importanceWeight;
    private final double loadWeight;

    public VMoeGate(MoeConfig moe) {
        this.k = moe.k();
        this.noise = moe.noise();
        this.importanceWeight = moe.importanceWeight();
        this.loadWeight = moe.loadWeight();
    }

    /** Routes the R rows whose router logits W x are {@code logits} [R, E]; adds the weighted losses to the context. */
    public Routing route(NDArray logits, ForwardContext context) {
        NDArray probs = logits.softmax(-1); // [R, E]
        NDArray scored = probs;
        if (importanceWeight > 0) {
            context.addAuxLoss(Ops.mul(LoadBalance.vmoeImportance(probs), importanceWeight));
        }
        if (context.noisy() && noise > 0) {
            double std = noise / logits.getShape().get(1);
            NDArray noisy = logits.add(Ops.mul(logits.getManager().randomNormal(logits.getShape()), std));
            scored = noisy.softmax(-1);
            if (loadWeight > 0) {
                context.addAuxLoss(Ops.mul(LoadBalance.vmoeLoad(logits, noisy, k, std), loadWeight));
            }
        }
        var top = scored.topK(k, -1, true, true); // values [R, k], indices [R, k]
        return new Routing(logits, top.get(1), top.get(0));
    }
}
