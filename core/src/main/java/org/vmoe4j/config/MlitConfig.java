package org.vmoe4j.config;

import java.util.List;

/**
 * mLiT (SPEC §3, ML Table 1): GQA + SwiGLU MoE layers whose hidden size shrinks with depth (Eq. 15) and whose
 * expert count grows in equal stages. Build one with {@link #builder()}.
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
                         double dropout, ExpertSharing sharing, double importanceWeight, double loadWeight)
        implements ModelConfig {
    public static final double LAYER_NORM_EPS = 1e-5;

    public MlitConfig {
        expertStages = List.copyOf(expertStages);
    }

    /** The paper's defaults (36×36 RGB, patch 3, stages 3/4/5, k 2, 100 classes, dropout 0.1, V and W2 shared, w = 1e-2). */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().imageSize(imageSize).patchSize(patchSize).channels(channels).dim(dim).depth(depth)
                .hidden(hiddenFirst, hiddenLast).heads(heads).groups(groups).expertStages(expertStages).k(k)
                .classes(classes).dropout(dropout).sharing(sharing).balanceWeights(importanceWeight, loadWeight);
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
        return toBuilder().classes(classes).build();
    }

    @Override
    public MlitConfig withInput(int imageSize, int patchSize, int channels) {
        return toBuilder().imageSize(imageSize).patchSize(patchSize).channels(channels).build();
    }

    public MlitConfig withSharing(ExpertSharing sharing) {
        return toBuilder().sharing(sharing).build();
    }

    /** Named fields with the paper's defaults; dim, depth, hidden sizes, heads and groups have none. */
    public static final class Builder {
        private int imageSize = 36;
        private int patchSize = 3;
        private int channels = 3;
        private int dim;
        private int depth;
        private int hiddenFirst;
        private int hiddenLast;
        private int heads;
        private int groups;
        private List<Integer> expertStages = List.of(3, 4, 5);
        private int k = 2;
        private int classes = 100;
        private double dropout = 0.1;
        private ExpertSharing sharing = ExpertSharing.V_W2;
        private double importanceWeight = 1e-2;
        private double loadWeight = 1e-2;

        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder channels(int v) {
            channels = v;
            return this;
        }

        public Builder dim(int v) {
            dim = v;
            return this;
        }

        public Builder depth(int v) {
            depth = v;
            return this;
        }

        /** d_h of the first and of the last layer (Eq. 15 interpolates between them). */
        public Builder hidden(int first, int last) {
            hiddenFirst = first;
            hiddenLast = last;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder groups(int v) {
            groups = v;
            return this;
        }

        public Builder expertStages(List<Integer> v) {
            expertStages = v;
            return this;
        }

        public Builder k(int v) {
            k = v;
            return this;
        }

        public Builder classes(int v) {
            classes = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder sharing(ExpertSharing v) {
            sharing = v;
            return this;
        }

        /** w_imp and w_load of SPEC §3 Eq. 10–12. */
        public Builder balanceWeights(double importance, double load) {
            importanceWeight = importance;
            loadWeight = load;
            return this;
        }

        public MlitConfig build() {
            return new MlitConfig(imageSize, patchSize, channels, dim, depth, hiddenFirst, hiddenLast, heads, groups,
                    expertStages, k, classes, dropout, sharing, importanceWeight, loadWeight);
        }
    }
}
