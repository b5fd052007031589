package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/** Scaled dot-product attention shared by multi-head (SPEC §1) and grouped-query (SPEC §3) attention. */
final class Attention {
    private Attention() {
    }

    /** The query scale 1/√d of SPEC §1: callers fold it into the queries (or their projection). */
    static double scale(long headDim) {
        return 1.0 / Math.sqrt(headDim);
    }

    /**
     * softmax(Q·Kᵀ)·V with the scale already in Q, for query heads in G groups of R that share one key/value head:
     * a group's R query heads are stacked along the rows, so each group is one [R·T, d] x [d, T] product and K is
     * never copied per head.
     *
     * @param q [N, G, R·T, d] scaled queries
     * @param k [N, G, T, d] keys (any strides)
     * @param v [N, G, T, d] values
     * @return [N, G, R·T, d]
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v) {
        NDArray scores = q.matMul(k.swapAxes(2, 3)); // [N, G, R·T, T]
        return scores.softmax(-1).matMul(v);
    }

    /** FLOPs of Q·Kᵀ and A·V for T tokens and total query width {@code width} (SPEC §1). */
    static long flops(long tokens, long width) {
        return 2 * (2L * tokens * tokens * width);
    }
}
