package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Mobile V-MoE's single per-image router (SPEC §2, MV Eq. 2): g(x) = TOP_k(softmax(W·x)) with x the
 * image representation entering the first MoE block — the mean of its patch tokens, or the class
 * token as an option. W: D → E without bias ({@code router.weight} [E, D]); g is not renormalised. Learned
 * per-image routing gates through the same {@link VMoeGate} as per-token V-MoE, with its noise and losses.
 */
public final class ImageRouter {
    /** Which vector represents the image. */
    public enum Pool { MEAN, CLASS_TOKEN }

    private final Linear weight;
    private final Pool pool;
    private final VMoeGate gate;
    private final int dim;
    private final int experts;

    public ImageRouter(Scope scope, int dim, int experts, Pool pool, VMoeGate gate) {
        this.weight = new Linear(scope, dim, experts, false);
        this.pool = pool;
        this.gate = gate;
        this.dim = dim;
        this.experts = experts;
    }

    /** x [B, 1+N, D] with the class token first → the routing of each of the B images. */
    public Routing route(NDArray x, ForwardContext context) {
        NDArray image = pool == Pool.MEAN ? x.get(":, 1:, :").mean(new int[] {1}) : x.get(":, 0, :"); // [B, D]
        return gate.route(weight.forward(image), context);
    }

    public Cost cost() {
        return Cost.dense((long) dim * experts, 2L * dim * experts);
    }
}
