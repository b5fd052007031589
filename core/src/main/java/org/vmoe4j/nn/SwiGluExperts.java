package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ExpertSharing;

/**
 * mLiT's SwiGLU experts (SPEC §3, ML Eq. 13): FFN_i(x) = (silu(x·W_i + b_i) ⊙ (x·V + b_V))·W2 + b_2.
 * Two of W, V, W2 are shared by the layer's experts and one is per expert ({@link ExpertSharing}); since
 * Softmax_k's gates sum to 1, y = Σ_i G_i·FFN_i(x) then needs the per-expert product only:
 * with V and W2 shared (the paper's choice) y = ((Σ_i G_i·silu(x·W_i + b_i)) ⊙ (x·V + b_V))·W2 + b_2.
 */
public final class SwiGluExperts {
    private final NDArray w;   // [t, dh, m] per expert, or [dh, m]
    private final NDArray wb;  // [t, dh] or [dh]
    private final NDArray v;   // [t, dh, m] or [dh, m]
    private final NDArray vb;
    private final NDArray w2;  // [t, m, dh] or [m, dh]
    private final NDArray w2b; // [t, m] or [m]
    private final ExpertSharing sharing;
    private final int dim;
    private final int hidden;
    private final int experts;

    public SwiGluExperts(Scope scope, int dim, int hidden, int experts, ExpertSharing sharing) {
        this.sharing = sharing;
        this.dim = dim;
        this.hidden = hidden;
        this.experts = experts;
        long[] w1Shape = shape(sharing == ExpertSharing.V_W2, hidden, dim);
        long[] vShape = shape(sharing == ExpertSharing.W_W2, hidden, dim);
        long[] w2Shape = shape(sharing == ExpertSharing.V_W, dim, hidden);
        this.w = scope.param("w.weight", Init.weight(dim), w1Shape);
        this.wb = scope.param("w.bias", Init.bias(dim), bias(w1Shape));
        this.v = scope.param("v.weight", Init.weight(dim), vShape);
        this.vb = scope.param("v.bias", Init.bias(dim), bias(vShape));
        this.w2 = scope.param("w2.weight", Init.weight(hidden), w2Shape);
        this.w2b = scope.param("w2.bias", Init.bias(hidden), bias(w2Shape));
    }

    /** Σ_i G_i·FFN_i(x) for rows x [M, m] → [M, m]. */
    public NDArray forward(NDArray x, Routing routing, Dispatch dispatch) {
        return switch (sharing) {
            case V_W2 -> {
                NDArray gatedSilu = Dispatcher.combine(dispatch, x, routing,
                        (e, rows) -> Ops.silu(Linear.apply(rows, w.get(e), wb.get(e))));
                yield Linear.apply(gatedSilu.mul(Linear.apply(x, v, vb)), w2, w2b);
            }
            case W_W2 -> {
                NDArray gatedValue = Dispatcher.combine(dispatch, x, routing,
                        (e, rows) -> Linear.apply(rows, v.get(e), vb.get(e)));
                yield Linear.apply(gatedValue.mul(Ops.silu(Linear.apply(x, w, wb))), w2, w2b);
            }
            case V_W -> {
                NDArray hidden = Ops.silu(Linear.apply(x, w, wb)).mul(Linear.apply(x, v, vb));
                yield Dispatcher.combine(dispatch, hidden, routing,
                        (e, rows) -> Linear.apply(rows, w2.get(e), w2b.get(e)));
            }
        };
    }

    /** Parameters, and FLOPs per image of {@code tokens} tokens when each token uses k experts. */
    public Cost cost(long tokens, int k) {
        long map = (long) dim * hidden;
        long params = experts * paramsPerExpert() + 2 * map
                + (sharing == ExpertSharing.V_W ? 2L * hidden : hidden + dim);
        long activeParams = params - (experts - k) * paramsPerExpert();
        return new Cost(params, activeParams, 2 * map * (k + 2) * tokens);
    }

    /** The matrix and bias each expert owns (W, or W2 when V and W are shared); the shared ones are not counted. */
    public long paramsPerExpert() {
        return (long) dim * hidden + (sharing == ExpertSharing.V_W ? dim : hidden);
    }

    private long[] shape(boolean perExpert, int out, int in) {
        return perExpert ? new long[] {experts, out, in} : new long[] {out, in};
    }

    private static long[] bias(long[] weightShape) {
        return java.util.Arrays.copyOf(weightShape, weightShape.length - 1);
    }
}
