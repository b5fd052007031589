package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/** The first half of a transformer block: multi-head or grouped-query self-attention. */
public interface TokenMixer {
    /** [B, T, D] → [B, T, D]. */
    NDArray forward(NDArray x);

    /** Per-image cost for {@code tokens} tokens. */
    Cost cost(long tokens);
}
