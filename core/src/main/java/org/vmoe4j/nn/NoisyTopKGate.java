package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * mLiT's noisy top-k gating (SPEC §3, ML Eq. 2–12, after Shazeer et al. 2017):
 * H(x) = x·W_g + ε ⊙ softplus(x·W_noise), ε ~ N(0,1) in training only; G = Softmax_k(H).
 * Its balancing terms are w_imp·CV²(Σ_rows G) and w_load·CV²(Σ_rows P) with
 * P = Φ((x·W_g − Ψ(H)) / softplus(x·W_noise)).
 */
public final class NoisyTopKGate {
    private final NDArray wGate;  // [m, t]
    private final NDArray wNoise; // [m, t]
    private final int dim;
    private final int experts;
    private final int k;
    private final double importanceWeight;
    private final double loadWeight;

    public NoisyTopKGate(Scope scope, int dim, int experts, int k, double importanceWeight, double loadWeight) {
        if (k >= experts) {
            throw new IllegalArgumentException("top-k gating needs k < experts, got k " + k + " of " + experts);
        }
        this.wGate = scope.param("w_gate", Init.ZEROS, dim, experts);
        this.wNoise = scope.param("w_noise", Init.ZEROS, dim, experts);
        this.dim = dim;
        this.experts = experts;
        this.k = k;
        this.importanceWeight = importanceWeight;
        this.loadWeight = loadWeight;
    }

    /** Gates the rows x [M, m]; adds this layer's importance and load terms to the context. */
    public Routing route(NDArray x, ForwardContext context) {
        NDArray clean = x.matMul(wGate);                                  // [M, t]
        NDArray noiseStd = Ops.softPlus(x.matMul(wNoise)); // [M, t]
        NDArray h = context.noisy() ? clean.add(x.getManager().randomNormal(clean.getShape()).mul(noiseStd)) : clean;
        Routing routing = softmaxK(h, k);
        NDArray load = LoadBalance.normalCdf(clean.sub(psi(h, k)).div(noiseStd)).sum(new int[] {0});
        NDArray importance = routing.gateMatrix().sum(new int[] {0});
        context.addAuxLoss(Ops.mul(LoadBalance.squaredCv(importance), importanceWeight)
                .add(Ops.mul(LoadBalance.squaredCv(load), loadWeight)));
        context.addRouting(routing);
        return routing;
    }

    /** Softmax_k (ML Eq. 4): the softmax of each row's k largest entries; the rest get 0. */
    public static Routing softmaxK(NDArray h, int k) {
        NDList top = h.topK(k, -1, true, true); // values, indices
        return new Routing(h, top.get(1), top.get(0).softmax(-1));
    }

    /**
     * Ψ(H) (ML Eq. 7–9): with l^k and l^{k+1} a row's k-th and (k+1)-th largest values, the threshold an
     * entry must beat to be in the top k: l^{k+1} where h ≥ l^k (it is in), else l^k.
     */
    public static NDArray psi(NDArray h, int k) {
        NDArray top = h.topK(k + 1, -1, true, true).get(0);      // [M, k+1]
        NDArray kth = top.get(":, " + (k - 1) + ":" + k);          // [M, 1]
        NDArray next = top.get(":, " + k + ":" + (k + 1));         // [M, 1]
        return NDArrays.where(h.gte(kth), next.broadcast(h.getShape()), kth.broadcast(h.getShape()));
    }

    /** Per-image cost: the clean gate logits for every token (the noise branch runs only in training). */
    public Cost cost(long tokens) {
        return Cost.dense(2L * dim * experts, 2L * dim * experts * tokens);
    }
}
