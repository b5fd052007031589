package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * mLiT's grouped-query attention (SPEC §3): H query heads in G groups; the heads of a group share
 * one key and one value head, so K and V project to G·d instead of H·d. All projections have bias.
 */
public final class GroupedQueryAttention implements TokenMixer {
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear proj;
    private final int dim;
    private final int heads;
    private final int groups;

    public GroupedQueryAttention(Scope scope, int dim, int heads, int groups) {
        if (dim % heads != 0 || heads % groups != 0) {
            throw new IllegalArgumentException("GQA needs heads | dim and groups | heads, got dim " + dim
                    + ", heads " + heads + ", groups " + groups);
        }
        this.dim = dim;
        this.heads = heads;
        this.groups = groups;
        int kvWidth = groups * (dim / heads);
        this.q = new Linear(scope.child("q"), dim, dim, true);
        this.k = new Linear(scope.child("k"), dim, kvWidth, true);
        this.v = new Linear(scope.child("v"), dim, kvWidth, true);
        this.proj = new Linear(scope.child("proj"), dim, dim, true);
    }

    /** [B, T, m] → [B, T, m]. Query head h reads key/value group h / (H/G). */
    @Override
    public NDArray forward(NDArray x) {
        long b = x.getShape().get(0), t = x.getShape().get(1), d = dim / heads;
        NDArray queries = q.forward(x).reshape(b, t, groups, heads / groups, d).transpose(0, 2, 3, 1, 4);
        NDArray keys = k.forward(x).reshape(b, t, groups, 1, d).transpose(0, 2, 3, 1, 4);
        NDArray values = v.forward(x).reshape(b, t, groups, 1, d).transpose(0, 2, 3, 1, 4);
        return proj.forward(Attention.attend(queries, keys, values));
    }

    @Override
    public Cost cost(long tokens) {
        Cost attention = Cost.dense(0, Attention.flops(tokens, dim));
        return q.cost(tokens).plus(k.cost(tokens)).plus(v.cost(tokens)).plus(attention).plus(proj.cost(tokens));
    }
}
