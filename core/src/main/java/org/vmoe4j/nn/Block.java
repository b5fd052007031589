package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.Function;

/**
 * A pre-norm transformer block: x += mix(LN₁(x)); x += ffn(LN₂(x)) (SPEC §1, §3); in training, each branch may be
 * dropped per sample (stochastic depth, {@link DropPath}).
 */
public final class Block {
    private final LayerNorm norm1;
    private final TokenMixer attention;
    private final LayerNorm norm2;
    private final FeedForward feedForward;

    /** Builds the block's parts in timm's order: norm1, attn, norm2, then the feed-forward. */
    public Block(Scope scope, int dim, double eps, Function<Scope, TokenMixer> attention,
                 Function<Scope, FeedForward> feedForward) {
        this.norm1 = new LayerNorm(scope.child("norm1"), dim, eps);
        this.attention = attention.apply(scope.child("attn"));
        this.norm2 = new LayerNorm(scope.child("norm2"), dim, eps);
        this.feedForward = feedForward.apply(scope);
    }

    /**
     * [B, T, D] → [B, T, D]: the attention half, then the feed-forward half, each added to its input.
     *
     * @param dropPath the probability of dropping each branch per sample (0 outside training)
     */
    public NDArray forward(NDArray x, ForwardContext context, double dropPath) {
        NDArray h = x.add(DropPath.apply(attention.forward(norm1.forward(x)), dropPath));
        return h.add(DropPath.apply(feedForward.forward(norm2.forward(h), context), dropPath));
    }

    public FeedForward feedForward() {
        return feedForward;
    }

    public Cost cost(long tokens) {
        return norm1.cost().plus(attention.cost(tokens)).plus(norm2.cost()).plus(feedForward.cost(tokens));
    }
}
