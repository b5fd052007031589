package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/**
 * The MoE half of a Mobile V-MoE block (SPEC §2): every token of an image goes through the k experts
 * its image was routed to, weighted by g. With a per-token router instead (regular V-MoE, Riquelme
 * et al. 2021), each token picks its own experts and an importance loss keeps them balanced.
 */
public final class RoutedExperts implements FeedForward {
    private final ExpertBank experts;
    private final Linear tokenRouter; // null when routing per image
    private final int k;
    private final double importanceWeight;

    /** Per-image routing: the routing comes from the model's {@link ImageRouter} via the context. */
    public static RoutedExperts perImage(Scope scope, int experts, int dim, int hidden, int k) {
        return new RoutedExperts(scope, experts, dim, hidden, k, false, 0);
    }

    /** Per-token routing with its own router {@code router.weight} [E, D] and importance weight. */
    public static RoutedExperts perToken(Scope scope, int experts, int dim, int hidden, int k, double importanceWeight) {
        return new RoutedExperts(scope, experts, dim, hidden, k, true, importanceWeight);
    }

    private RoutedExperts(Scope scope, int experts, int dim, int hidden, int k, boolean perToken, double importanceWeight) {
        this.experts = new ExpertBank(scope.child("experts"), experts, dim, hidden);
        this.tokenRouter = perToken ? new Linear(scope.child("router"), dim, experts, false) : null;
        this.k = k;
        this.importanceWeight = importanceWeight;
    }

    @Override
    public NDArray forward(NDArray x, ForwardContext context) {
        if (tokenRouter == null) {
            return Dispatcher.combine(context.dispatch(), x, context.imageRouting(), experts::apply);
        }
        long b = x.getShape().get(0), t = x.getShape().get(1), d = x.getShape().get(2);
        NDArray tokens = x.reshape(b * t, d);
        Routing routing = ImageRouter.topK(tokenRouter.forward(tokens), k);
        context.addRouting(routing);
        context.addAuxLoss(Ops.mul(LoadBalance.importance(routing), importanceWeight));
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
