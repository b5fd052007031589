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
        long b = x.getShape().get(0), t = x.getShape().get(1), d = dim / heads, perGroup = heads / groups;
        // the scale 1/√d goes into the query projection's weight and bias (m² values, not B·T·m)
        NDArray queries = q.forwardScaled(x, Attention.scale(d)).reshape(b, t, groups, perGroup, d)
                .transpose(0, 2, 3, 1, 4).reshape(b, groups, perGroup * t, d);           // [B, G, R·T, d]
        NDArray keys = k.forward(x).reshape(b, t, groups, d).transpose(0, 2, 1, 3);       // [B, G, T, d]
        NDArray values = v.forward(x).reshape(b, t, groups, d).transpose(0, 2, 1, 3);
        NDArray out = Attention.attend(queries, keys, values);                           // [B, G, R·T, d]
        return proj.forward(out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, dim));
    }

    @Override
    public Cost cost(long tokens) {
        Cost attention = Cost.dense(0, Attention.flops(tokens, dim));
        return q.cost(tokens).plus(k.cost(tokens)).plus(v.cost(tokens)).plus(attention).plus(proj.cost(tokens));
    }
}
