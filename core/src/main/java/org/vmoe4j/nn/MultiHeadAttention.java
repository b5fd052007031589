package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.vmoe4j.tensor.Ops;

/** The ViT's multi-head self-attention with timm's fused {@code qkv} projection (SPEC §1). */
public final class MultiHeadAttention implements TokenMixer {
    private final Linear qkv;
    private final Linear proj;
    private final int dim;
    private final int heads;

    public MultiHeadAttention(Scope scope, int dim, int heads) {
        this.dim = dim;
        this.heads = heads;
        this.qkv = new Linear(scope.child("qkv"), dim, 3 * dim, true);
        this.proj = new Linear(scope.child("proj"), dim, dim, true);
    }

    /** [B, T, D] → [B, T, D]. */
    @Override
    public NDArray forward(NDArray x) {
        long b = x.getShape().get(0), t = x.getShape().get(1), d = dim / heads;
        // timm's layout [B, T, 3, heads, d] → [3, 1, B·heads, T, d] in one copy; each head is a group of one
        NDList qkvHeads = qkv.forward(x).reshape(b, t, 3, heads, d).transpose(2, 0, 3, 1, 4)
                .reshape(3, 1, b * heads, t, d).split(3, 0);
        NDArray q = Ops.mul(qkvHeads.get(0).squeeze(0), Attention.scale(d));                  // [1, B·heads, T, d]
        NDArray out = Attention.attend(q, qkvHeads.get(1).squeeze(0), qkvHeads.get(2).squeeze(0));
        return proj.forward(out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, dim));
    }

    @Override
    public Cost cost(long tokens) {
        Cost attention = Cost.dense(0, Attention.flops(tokens, dim));
        return qkv.cost(tokens).plus(attention).plus(proj.cost(tokens));
    }
}
