package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/** The second half of a transformer block: a dense MLP or a mixture of experts. */
public interface FeedForward {
    /** [B, T, D] → [B, T, D]. */
    NDArray forward(NDArray x, ForwardContext context);

    /** Per-image cost for {@code tokens} tokens. */
    Cost cost(long tokens);

    /** Parameters that belong to one expert (and run only when it is chosen); 0 for a dense MLP. */
    default long paramsPerExpert() {
        return 0;
    }
}
