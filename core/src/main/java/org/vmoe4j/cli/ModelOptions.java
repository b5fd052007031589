package org.vmoe4j.cli;

import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Routing;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The options that pick a model preset and adjust it; shared by every command that builds a model. */
public final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "mlit-xxs",
            description = "Model preset (default: ${DEFAULT-VALUE}): vit-{12,9,6}x{384,192,96,64}, "
                    + "mvmoe-{12,9,6}x{384,192,96,64}, deit-ti, mlit-{s,xs,xxs}, mmlit-{s,xs,xxs}.")
    String model;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of the head (preset: 1000 for vit/mvmoe, 100 for mlit).")
    Integer classes;

    @Option(names = "--image-size", paramLabel = "PX", description = "Input side in pixels (preset: 224 for vit/mvmoe, 36 for mlit).")
    Integer imageSize;

    @Option(names = "--patch-size", paramLabel = "PX", description = "Patch side in pixels (preset: 32 for vit/mvmoe, 16 for deit-ti, 3 for mlit).")
    Integer patchSize;

    @Option(names = "--channels", paramLabel = "C", description = "Input channels, 1 or 3 (preset: 3).")
    Integer channels;

    @Option(names = "--experts", paramLabel = "E", description = "Mobile V-MoE: number of experts (preset: 10).")
    Integer experts;

    @Option(names = "--k", paramLabel = "K", description = "Mobile V-MoE: experts run per image (preset: 1).")
    Integer k;

    @Option(names = "--moe-layers", paramLabel = "L", description = "Mobile V-MoE: how many of the last blocks are MoE "
            + "blocks (preset: 2); with --dense-k, how many of a dense ViT's last blocks get the wider MLP (default 2).")
    Integer moeLayers;

    @Option(names = "--router", paramLabel = "KIND",
            description = "Mobile V-MoE router: image-mean (one per image, mean token; preset), image-class-token, "
                    + "token (one per token in every MoE block: regular V-MoE, implies --routing learned-token).")
    MoeConfig.Router router;

    @Option(names = "--routing", paramLabel = "MODE",
            description = "Mobile V-MoE routing (MV Fig. 3e): superclass (router supervised by super-classes; preset), "
                    + "learned-image (per image, end to end: V-MoE's noisy gate, importance and load losses), "
                    + "learned-token (regular V-MoE: per token, noisy top-k, both losses, expert capacity).")
    Routing routing;

    @Option(names = "--capacity-ratio", paramLabel = "C",
            description = "Per-token V-MoE (learned-token): in training each expert takes at most round(C x k x tokens "
                    + "/ E) tokens per batch, the rest keep their residual only (default 1.05, V-MoE's).")
    Double capacityRatio;

    @Option(names = "--dense-k", paramLabel = "K",
            description = "Dense ViT: multiply the MLP hidden size of the last L blocks (--moe-layers, default 2) by K, "
                    + "the FLOP-matched baseline of an mvmoe with k = K (MV Fig. 3d).")
    Integer denseK;

    @Option(names = "--expert-sharing", paramLabel = "PAIR",
            description = "mLiT: the SwiGLU maps the experts share (ML Table 9): v-w2 (the paper's, preset), v-w, w-w2.")
    ExpertSharing sharing;

    /** What the options name, unresolved. */
    public ModelSpec spec() {
        return new ModelSpec.Builder(model).classes(classes).input(imageSize, patchSize, channels).experts(experts).k(k)
                .moeLayers(moeLayers).router(router).routing(routing).capacityRatio(capacityRatio).denseK(denseK)
                .sharing(sharing).build();
    }

    /** The preset with the overrides applied; a usage error (exit 2) when they don't fit it. */
    public ModelConfig resolve() {
        return resolve(spec());
    }

    /** Resolves a spec derived from these options (e.g. with the dataset's class count) as a usage error on failure. */
    public ModelConfig resolve(ModelSpec modelSpec) {
        if (!ModelPresets.names().contains(modelSpec.preset())) {
            throw new ParameterException(spec.commandLine(), "unknown model '" + modelSpec.preset()
                    + "' for --model; known models: " + String.join(", ", ModelPresets.names()));
        }
        try {
            return modelSpec.resolve();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model " + modelSpec.preset() + ": " + e.getMessage());
        }
    }
}
