package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.MoeLayerSpec;

/** One mLiT MoE layer (SPEC §3, ML Eq. 1): noisy top-k gate, SwiGLU experts, dropout on the output. */
public final class SwiGluMoe implements FeedForward {
    private final NoisyTopKGate gate;
    private final SwiGluExperts experts;
    private final float dropout;
    private final int k;

    public SwiGluMoe(Scope scope, MoeLayerSpec spec) {
        this.gate = new NoisyTopKGate(scope.child("gate"), spec.dim(), spec.experts(), spec.k(),
                spec.importanceWeight(), spec.loadWeight());
        this.experts = new SwiGluExperts(scope, spec.dim(), spec.hidden(), spec.experts(), spec.sharing());
        this.dropout = (float) spec.dropout();
        this.k = spec.k();
    }

    @Override
    public NDArray forward(NDArray x, ForwardContext context) {
        long b = x.getShape().get(0), t = x.getShape().get(1), m = x.getShape().get(2);
        NDArray rows = x.reshape(b * t, m);
        NDArray y = experts.forward(rows, gate.route(rows, context), context.dispatch()).reshape(b, t, m);
        return context.training() && dropout > 0 ? Ops.dropout(y, dropout) : y;
    }

    @Override
    public long paramsPerExpert() {
        return experts.paramsPerExpert();
    }

    @Override
    public Cost cost(long tokens) {
        return gate.cost(tokens).plus(experts.cost(tokens, k));
    }
}
