package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/** Scaled dot-product attention shared by multi-head (SPEC §1) and grouped-query (SPEC §3) attention. */
final class Attention {
    private Attention() {
    }

    /**
     * softmax(Q·Kᵀ/√d)·V where query heads come in G groups of R that share one key/value head.
     *
     * @param q [B, G, R, T, d] queries
     * @param k [B, G, 1, T, d] keys (broadcast over the R heads of a group)
     * @param v [B, G, 1, T, d] values
     * @return [B, T, G·R·d] the heads' outputs concatenated in head order (head h = g·R + r)
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v) {
        long b = q.getShape().get(0), groups = q.getShape().get(1), perGroup = q.getShape().get(2);
        long t = q.getShape().get(3), d = q.getShape().get(4);
        // a group's R query heads stacked along the rows: one [R·T, d] x [d, T] product per group, K never copied;
        // scaling the queries rather than the T×T scores saves two passes over the largest tensor
        NDArray queries = Ops.mul(q, 1.0 / Math.sqrt(d)).reshape(b, groups, perGroup * t, d);
        NDArray scores = queries.matMul(k.reshape(b, groups, t, d).swapAxes(2, 3));  // [B, G, R·T, T]
        NDArray out = scores.softmax(-1).matMul(v.reshape(b, groups, t, d));          // [B, G, R·T, d]
        long heads = groups * perGroup;
        return out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, heads * d);
    }

    /** FLOPs of Q·Kᵀ and A·V for T tokens and total query width {@code width} (SPEC §1). */
    static long flops(long tokens, long width) {
        return 2 * (2L * tokens * tokens * width);
    }
}
