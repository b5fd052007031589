package org.vmoe4j.config;

import org.vmoe4j.UserError;

/**
 * A model as a user names it: a preset plus the overrides given on the command line (null fields keep the
 * preset's value). {@link #resolve()} turns it into the {@link ModelConfig} a run stores and rebuilds from.
 *
 * @param denseK a dense ViT's MLP factor K for its last {@code moeLayers} blocks (MV Fig. 3d), or null
 * @param sharing which SwiGLU maps an mLiT's experts share (ML Table 9), or null for the preset's (V and W2)
 * @param capacityRatio V-MoE's capacity ratio C for per-token routing, or null for 1.05
 * @param renormalizeGates true to renormalise the top-k gates (see {@link MoeConfig#renormalizedGates()}), or null
 */
public record ModelSpec(String preset, Integer classes, Integer imageSize, Integer patchSize, Integer channels,
                        Integer experts, Integer k, Integer moeLayers, MoeConfig.Router router, Routing routing,
                        Integer denseK, ExpertSharing sharing, Double capacityRatio, Boolean renormalizeGates) {
    /** How many of the last blocks are MoE (or, under --dense-k, wider) blocks when not given: MV's L = 2. */
    public static final int DEFAULT_MOE_LAYERS = 2;

    public static ModelSpec of(String preset) {
        return new Builder(preset).build();
    }

    public Builder toBuilder() {
        return new Builder(preset).classes(classes).input(imageSize, patchSize, channels).experts(experts).k(k)
                .moeLayers(moeLayers).router(router).routing(routing).denseK(denseK).sharing(sharing)
                .capacityRatio(capacityRatio).renormalizeGates(renormalizeGates);
    }

    public ModelSpec withClasses(int n) {
        return toBuilder().classes(n).build();
    }

    public ModelSpec withExperts(int n) {
        return toBuilder().experts(n).build();
    }

    /** The registry entry of the preset. */
    public ModelPreset entry() {
        return ModelPresets.get(preset);
    }

    /** The routing the MoE trains with: as given, else per token for a TOKEN router, else super-class routing. */
    public Routing effectiveRouting() {
        return routing != null ? routing : router == MoeConfig.Router.TOKEN ? Routing.LEARNED_TOKEN : Routing.SUPERCLASS;
    }

    /**
     * The preset with the overrides applied and the MoE routed as {@link #effectiveRouting()} says.
     *
     * @throws UserError for an unknown preset
     * @throws IllegalArgumentException when an override does not fit the model
     */
    public ModelConfig resolve() {
        ModelConfig config = entry().config();
        if (classes != null) {
            refuse(classes < 1, "--classes must be at least 1, got " + classes);
            config = config.withClasses(classes);
        }
        if (imageSize != null || patchSize != null || channels != null) {
            config = config.withInput(imageSize != null ? imageSize : config.imageSize(),
                    patchSize != null ? patchSize : config.patchSize(), channels != null ? channels : config.channels());
        }
        config = shared(widened(routed(config)));
        config.validate();
        return config;
    }

    private ModelConfig routed(ModelConfig config) {
        boolean overridden = experts != null || k != null || router != null || routing != null || capacityRatio != null
                || renormalizeGates != null;
        if (!(config instanceof VitConfig vit) || vit.moe() == null) {
            refuse(overridden, "--experts, --k, --router, --routing, --capacity-ratio and --renormalize-gates apply to"
                    + " mvmoe-* models only");
            return config;
        }
        refuse(denseK != null, "--dense-k applies to dense ViTs (vit-*, deit-ti), not to " + preset);
        if (routing == Routing.LEARNED_TOKEN && router != null && router != MoeConfig.Router.TOKEN) {
            throw new IllegalArgumentException("--routing learned-token routes every token; it cannot use --router " + router);
        }
        MoeConfig moe = vit.moe();
        MoeConfig sized = moe.sized(experts != null ? experts : moe.experts(), k != null ? k : moe.k(),
                moeLayers != null ? moeLayers : moe.layers(), router != null ? router : moe.router());
        MoeConfig routed = sized.routedBy(effectiveRouting(), capacityRatio);
        return vit.withMoe(renormalizeGates == null ? routed : routed.withRenormalizedGates(renormalizeGates));
    }

    /** A dense ViT with --dense-k K: the MLPs of its last L blocks K times wider (MV Fig. 3d). */
    private ModelConfig widened(ModelConfig config) {
        if (!(config instanceof VitConfig vit) || vit.moe() != null) {
            refuse(denseK != null, "--dense-k applies to dense ViTs (vit-*, deit-ti) only");
            refuse(moeLayers != null && !(config instanceof VitConfig),
                    "--moe-layers applies to mvmoe-* models and, with --dense-k, to dense ViTs");
            return config;
        }
        refuse(moeLayers != null && denseK == null, "--moe-layers applies to a dense ViT only with --dense-k");
        refuse(denseK != null && denseK < 1, "--dense-k must be at least 1, got " + denseK);
        if (denseK == null || denseK == 1) {
            return config;
        }
        return vit.toBuilder().denseK(new DenseK(denseK, moeLayers != null ? moeLayers : DEFAULT_MOE_LAYERS)).build();
    }

    /** An mLiT (or mmLiT, encoder and decoder) whose experts share the given pair of maps (ML Table 9). */
    private ModelConfig shared(ModelConfig config) {
        if (sharing == null) {
            return config;
        }
        if (config instanceof MlitConfig mlit) {
            return mlit.withSharing(sharing);
        }
        if (config instanceof MaeConfig mae) {
            return new MaeConfig(mae.encoder().withSharing(sharing), mae.decoder().withSharing(sharing), mae.maskRatio());
        }
        throw new IllegalArgumentException("--expert-sharing applies to mlit-* and mmlit-* models only");
    }

    private static void refuse(boolean wrong, String message) {
        if (wrong) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Named overrides; each null keeps the preset's value. */
    public static final class Builder {
        private final String preset;
        private Integer classes;
        private Integer imageSize;
        private Integer patchSize;
        private Integer channels;
        private Integer experts;
        private Integer k;
        private Integer moeLayers;
        private MoeConfig.Router router;
        private Routing routing;
        private Integer denseK;
        private ExpertSharing sharing;
        private Double capacityRatio;
        private Boolean renormalizeGates;

        public Builder(String preset) {
            this.preset = preset;
        }

        public Builder classes(Integer v) {
            classes = v;
            return this;
        }

        /** Input side, patch side and channels. */
        public Builder input(Integer size, Integer patch, Integer channelCount) {
            imageSize = size;
            patchSize = patch;
            channels = channelCount;
            return this;
        }

        public Builder experts(Integer v) {
            experts = v;
            return this;
        }

        public Builder k(Integer v) {
            k = v;
            return this;
        }

        public Builder moeLayers(Integer v) {
            moeLayers = v;
            return this;
        }

        public Builder router(MoeConfig.Router v) {
            router = v;
            return this;
        }

        public Builder routing(Routing v) {
            routing = v;
            return this;
        }

        public Builder denseK(Integer v) {
            denseK = v;
            return this;
        }

        public Builder sharing(ExpertSharing v) {
            sharing = v;
            return this;
        }

        public Builder capacityRatio(Double v) {
            capacityRatio = v;
            return this;
        }

        public Builder renormalizeGates(Boolean v) {
            renormalizeGates = v;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(preset, classes, imageSize, patchSize, channels, experts, k, moeLayers, router, routing,
                    denseK, sharing, capacityRatio, renormalizeGates);
        }
    }
}
