package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Mobile V-MoE's single per-image router (SPEC §2, MV Eq. 2): g(x) = TOP_k(softmax(W·x)) with x the
 * image representation entering the first MoE block — the mean of its patch tokens, or the class
 * token as an option. W: D → E without bias ({@code router.weight} [E, D]); g is not renormalised.
 */
public final class ImageRouter {
    /** Which vector represents the image. */
    public enum Pool { MEAN, CLASS_TOKEN }

    private final Linear weight;
    private final Pool pool;
    private final int dim;
    private final int experts;
    private final int k;

    public ImageRouter(Scope scope, int dim, int experts, int k, Pool pool) {
        this.weight = new Linear(scope, dim, experts, false);
        this.pool = pool;
        this.dim = dim;
        this.experts = experts;
        this.k = k;
    }

    /** x [B, 1+N, D] with the class token first → the routing of each of the B images. */
    public Routing route(NDArray x) {
        NDArray image = pool == Pool.MEAN ? x.get(":, 1:, :").mean(new int[] {1}) : x.get(":, 0, :");
        return topK(weight.forward(image), k);
    }

    /** TOP_k(softmax(logits)) over the last axis: shared with the per-token router. */
    static Routing topK(NDArray logits, int k) {
        var top = logits.softmax(-1).topK(k, -1, true, true); // values, indices
        return new Routing(logits, top.get(1), top.get(0));
    }

    public Cost cost() {
        return Cost.dense((long) dim * experts, 2L * dim * experts);
    }
}
