package org.vmoe4j.config;

/**
 * MV Fig. 3d's FLOP-matched dense baseline: a dense ViT whose last {@code layers} blocks (the blocks that are MoE
 * blocks in its Mobile V-MoE twin) have an MLP hidden size {@code k} times the usual, so that it costs what the
 * twin costs with k experts per image (the twin's router is the only difference).
 *
 * @param k the MLP hidden-size factor K (at least 2; K = 1 is the plain model, stored as no DenseK)
 * @param layers L, the last blocks that get the wider MLP
 */
public record DenseK(int k, int layers) {
    public DenseK {
        if (k < 2) {
            throw new IllegalArgumentException("--dense-k must be at least 2 here (1 is the plain model), got " + k);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("--moe-layers must be at least 1, got " + layers);
        }
    }
}
