package org.vmoe4j.train;

import java.util.function.ToDoubleFunction;

/**
 * Layer-wise learning-rate decay (ML Table 4, SPEC §4): with the model's L blocks numbered 1..L above the
 * embeddings (layer 0: patch embedding, position embedding, tokens), and the head, final norm and router on
 * layer L + 1, a parameter on layer i learns at lr·decay^(L + 1 − i).
 */
public record LayerDecay(double decay, int depth) implements ToDoubleFunction<String> {

    /** The layer a parameter belongs to, from its name. */
    public int layerOf(String name) {
        if (name.startsWith("patch_embed.") || name.equals("pos_embed") || name.equals("cls_token")) {
            return 0;
        }
        if (name.startsWith("blocks.")) {
            return Integer.parseInt(name.substring("blocks.".length(), name.indexOf('.', "blocks.".length()))) + 1;
        }
        return depth + 1;
    }

    /** The learning-rate multiplier of a parameter. */
    @Override
    public double applyAsDouble(String name) {
        return Math.pow(decay, depth + 1 - layerOf(name));
    }
}
