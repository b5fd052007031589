package org.vmoe4j.run;

import java.nio.file.Path;

/**
 * Where a new run's weights come from when they are not drawn at random.
 *
 * @param kind how the weights are taken
 * @param path a run directory (its model.safetensors) or a safetensors file
 */
public record StartFrom(Kind kind, String path) {
    /** How the source's tensors become the model's. */
    public enum Kind {
        /** Every parameter but the head, from a pre-trained encoder (mmLiT, SPEC §4); the source's extra tensors ignored. */
        PRETRAINED,
        /**
         * Sparse upcycling (Komatsuzaki et al. 2022): every tensor of a dense ViT of the same depth and width, each MoE
         * block's experts copies of that block's dense MLP, the router fresh.
         */
        UPCYCLED
    }

    public static StartFrom pretrained(Path path) {
        return new StartFrom(Kind.PRETRAINED, path.toString());
    }

    public static StartFrom upcycled(Path path) {
        return new StartFrom(Kind.UPCYCLED, path.toString());
    }

    /** The weights file the path names. */
    public Path weights() {
        return RunDirectory.weightsOf(Path.of(path));
    }
}
