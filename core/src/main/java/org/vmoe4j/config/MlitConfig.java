package org.vmoe4j.config;

import java.util.List;
import org.vmoe4j.nn.MoeLayerSpec;
import org.vmoe4j.nn.SwiGluExperts.Sharing;

/**
 * mLiT (SPEC §3, ML Table 1): GQA + SwiGLU MoE layers whose hidden size shrinks with depth
 * (Eq. 15) and whose expert count grows in equal stages.
 *
 * @param dim m
 * @param depth L_E
 * @param hiddenFirst d_h of the first layer
 * @param hiddenLast d_h of the last layer
 * @param heads H query heads
 * @param groups G key/value groups
 * @param expertStages experts per stage, the layers split into equal stages (3, 4, 5)
 * @param k experts per token
 */
public record MlitConfig(int imageSize, int patchSize, int channels, int dim, int depth, int hiddenFirst,
                         int hiddenLast, int heads, int groups, List<Integer> expertStages, int k, int classes,
                         double dropout, Sharing sharing, double importanceWeight, double loadWeight)
        implements ModelConfig {
    public static final double LAYER_NORM_EPS = 1e-5;

    /** ML Table 1 sizes at 36×36 RGB, patch 3, the paper's other defaults (dropout 0.1, w = 1e-2). */
    public static MlitConfig table1(int dim, int depth, int hiddenFirst, int hiddenLast, int heads, int groups) {
        return new MlitConfig(36, 3, 3, dim, depth, hiddenFirst, hiddenLast, heads, groups, List.of(3, 4, 5), 2,
                100, 0.1, Sharing.SHARE_V_W2, 1e-2, 1e-2);
    }

    public MlitConfig {
        expertStages = List.copyOf(expertStages);
    }

    /** Depth-wise scaling (ML Eq. 15): dh_i = ⌊((L−1)−i)/(L−1)·(d_first − d_last)⌋ + d_last. */
    public int hidden(int layer) {
        if (depth == 1) {
            return hiddenFirst;
        }
        return (int) Math.floor((double) ((depth - 1) - layer) / (depth - 1) * (hiddenFirst - hiddenLast)) + hiddenLast;
    }

    /** Staged experts: layer i belongs to stage ⌊i·S/L⌋ of the S equal stages. */
    public int experts(int layer) {
        return expertStages.get(layer * expertStages.size() / depth);
    }

    /** The MoE layer spec of layer i. */
    public MoeLayerSpec layer(int i) {
        return new MoeLayerSpec(dim, hidden(i), experts(i), k, sharing, dropout, importanceWeight, loadWeight);
    }

    @Override
    public MlitConfig withClasses(int classes) {
        return new MlitConfig(imageSize, patchSize, channels, dim, depth, hiddenFirst, hiddenLast, heads, groups,
                expertStages, k, classes, dropout, sharing, importanceWeight, loadWeight);
    }

    @Override
    public MlitConfig withInput(int imageSize, int patchSize, int channels) {
        return new MlitConfig(imageSize, patchSize, channels, dim, depth, hiddenFirst, hiddenLast, heads, groups,
                expertStages, k, classes, dropout, sharing, importanceWeight, loadWeight);
    }

    public MlitConfig withSharing(Sharing sharing) {
        return new MlitConfig(imageSize, patchSize, channels, dim, depth, hiddenFirst, hiddenLast, heads, groups,
                expertStages, k, classes, dropout, sharing, importanceWeight, loadWeight);
    }
}
