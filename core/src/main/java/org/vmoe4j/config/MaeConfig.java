package org.vmoe4j.config;

/**
 * mmLiT's masked auto-encoder (SPEC §4): an mLiT encoder on the visible patches and a small mLiT
 * decoder (width 108, 4 layers of d_h 72, H 6, G 3, 3 experts, k 2) that predicts the pixels.
 *
 * @param decoder the decoder's layers, described as an mLiT of its own (its dim, depth, hidden, heads, groups, experts, k)
 * @param maskRatio fraction of patches hidden from the encoder (0.75)
 */
public record MaeConfig(MlitConfig encoder, MlitConfig decoder, double maskRatio) implements ModelConfig {

    /** SPEC §4's decoder for the given encoder. */
    public static MaeConfig of(MlitConfig encoder) {
        MlitConfig decoder = encoder.toBuilder().dim(108).depth(4).hidden(72, 72).heads(6).groups(3)
                .expertStages(java.util.List.of(3)).k(2).classes(0).build();
        return new MaeConfig(encoder, decoder, 0.75);
    }

    @Override
    public int imageSize() {
        return encoder.imageSize();
    }

    @Override
    public int channels() {
        return encoder.channels();
    }

    @Override
    public int patchSize() {
        return encoder.patchSize();
    }

    @Override
    public int dim() {
        return encoder.dim();
    }

    @Override
    public int classes() {
        return encoder.classes();
    }

    /** Patches the encoder sees: N − round(ratio·N). */
    public int visiblePatches() {
        return patches() - (int) Math.round(maskRatio * patches());
    }

    @Override
    public MaeConfig withClasses(int classes) {
        return new MaeConfig(encoder.withClasses(classes), decoder, maskRatio);
    }

    @Override
    public MaeConfig withInput(int imageSize, int patchSize, int channels) {
        return new MaeConfig(encoder.withInput(imageSize, patchSize, channels),
                decoder.withInput(imageSize, patchSize, channels), maskRatio);
    }
}
