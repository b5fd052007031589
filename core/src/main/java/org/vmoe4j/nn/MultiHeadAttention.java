package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

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
        long b = x.getShape().get(0), t = x.getShape().get(1);
        // timm's layout: [B, T, 3, heads, d] → [3, B, heads, 1, T, d]; each head is its own group
        NDArray qkvHeads = qkv.forward(x).reshape(b, t, 3, heads, 1, dim / heads).transpose(2, 0, 3, 4, 1, 5);
        NDArray out = Attention.attend(qkvHeads.get(0), qkvHeads.get(1), qkvHeads.get(2));
        return proj.forward(out);
    }

    @Override
    public Cost cost(long tokens) {
        Cost attention = Cost.dense(0, Attention.flops(tokens, dim));
        return qkv.cost(tokens).plus(attention).plus(proj.cost(tokens));
    }
}
