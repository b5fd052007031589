package org.vmoe4j.train;

/**
 * What a parameter is, read from its timm-style name: the role, not the tensor's rank, decides whether weight
 * decay applies (SPEC §4 recipes: AdamW decays matrices and kernels, never biases, norms, position embeddings or
 * tokens). A stacked per-expert bias {@code blocks.5.experts.fc1.bias} [E, hidden] is 2-D and still a bias.
 */
public enum ParameterRole {
    /** A bias of a linear map, a patch projection or a stack of experts: {@code *.bias} outside norms. */
    BIAS,
    /** A LayerNorm's scale or shift: a parameter of a module named norm, norm1, norm2 or decoder_norm. */
    NORM,
    /** A learned position embedding: {@code pos_embed}, {@code decoder_pos_embed}. */
    POSITION_EMBEDDING,
    /** A learned token: {@code cls_token}, {@code mask_token}. */
    TOKEN,
    /** Anything else: weight matrices, stacked expert matrices, patch kernels, router and gate matrices. */
    MATRIX;

    /** The role of the parameter of that name. */
    public static ParameterRole of(String name) {
        String[] parts = name.split("\\.");
        String leaf = parts[parts.length - 1];
        String module = parts.length > 1 ? parts[parts.length - 2] : "";
        if (leaf.endsWith("pos_embed")) {
            return POSITION_EMBEDDING;
        }
        if (leaf.endsWith("_token")) {
            return TOKEN;
        }
        if (module.startsWith("norm") || module.endsWith("_norm")) {
            return NORM;
        }
        return leaf.equals("bias") ? BIAS : MATRIX;
    }

    /** True for the roles AdamW's weight decay applies to. */
    public boolean decays() {
        return this == MATRIX;
    }
}
