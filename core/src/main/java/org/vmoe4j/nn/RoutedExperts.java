package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.MoeConfig;

/**
 * The MoE half of a Mobile V-MoE block (SPEC §2): every token of an image goes through the k experts
 * its image was routed to, weighted by g. With a per-token router instead (regular V-MoE, Riquelme
 * et al. 2021), each token picks its own experts through a noisy {@link VMoeGate} with V-MoE's balancing losses,
 * and in training each expert takes at most its buffer's capacity of them ({@link ExpertCapacity}); at inference
 * every token reaches its experts, so an image's prediction does not depend on the rest of its batch.
 */
public final class RoutedExperts implements FeedForward {
    private final ExpertBank experts;
    private final Linear tokenRouter; // null when routing per image
    private final VMoeGate gate;      // null when routing per image
    private final double capacityRatio;
    private final int k;

    /** Per-image routing: the routing comes from the model's {@link ImageRouter} via the context. */
    public static RoutedExperts perImage(Scope scope, int dim, int hidden, MoeConfig moe) {
        return new RoutedExperts(scope, dim, hidden, moe, false);
    }

    /** Per-token routing with this block's own router {@code router.weight} [E, D]. */
    public static RoutedExperts perToken(Scope scope, int dim, int hidden, MoeConfig moe) {
        return new RoutedExperts(scope, dim, hidden, moe, true);
    }

    private RoutedExperts(Scope scope, int dim, int hidden, MoeConfig moe, boolean perToken) {
        this.experts = new ExpertBank(scope.child("experts"), moe.experts(), dim, hidden);
        this.tokenRouter = perToken ? new Linear(scope.child("router"), dim, moe.experts(), false) : null;
        this.gate = perToken ? new VMoeGate(moe) : null;
        this.capacityRatio = moe.capacityRatio();
        this.k = moe.k();
    }

    @Override
    public NDArray forward(NDArray x, ForwardContext context) {
        if (tokenRouter == null) {
            return Dispatcher.combine(context.dispatch(), x, context.imageRouting(), experts::apply);
        }
        long b = x.getShape().get(0), t = x.getShape().get(1), d = x.getShape().get(2);
        NDArray tokens = x.reshape(b * t, d);                                             // [B·T, D]
        Routing routing = gate.route(tokenRouter.forward(tokens), context);
        if (capacityRatio > 0 && context.training()) {
            routing = ExpertCapacity.limit(routing, capacityRatio);
        }
        context.addRouting(routing);
        return Dispatcher.combine(context.dispatch(), tokens, routing, experts::apply).reshape(b, t, d);
    }

    @Override
    public long paramsPerExpert() {
        return experts.paramsPerExpert();
    }

    @Override
    public Cost cost(long tokens) {
        Cost router = tokenRouter == null ? Cost.ZERO : tokenRouter.cost(tokens);
        return experts.cost(tokens, k).plus(router);
    }
}
