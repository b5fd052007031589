package org.vmoe4j.config;

import org.vmoe4j.UserError;

/**
 * A model as a user names it: a preset plus the overrides given on the command line (null fields keep the
 * preset's value). {@link #resolve()} turns it into the {@link ModelConfig} a run stores and rebuilds from.
 */
public record ModelSpec(String preset, Integer classes, Integer imageSize, Integer patchSize, Integer channels,
                        Integer experts, Integer k, Integer moeLayers, MoeConfig.Router router, Routing routing) {

    public static ModelSpec of(String preset) {
        return new Builder(preset).build();
    }

    public Builder toBuilder() {
        return new Builder(preset).classes(classes).input(imageSize, patchSize, channels).experts(experts).k(k)
                .moeLayers(moeLayers).router(router).routing(routing);
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
            config = config.withClasses(classes);
        }
        if (imageSize != null || patchSize != null || channels != null) {
            config = config.withInput(imageSize != null ? imageSize : config.imageSize(),
                    patchSize != null ? patchSize : config.patchSize(), channels != null ? channels : config.channels());
        }
        config = routed(config);
        config.validate();
        return config;
    }

    private ModelConfig routed(ModelConfig config) {
        boolean overridden = experts != null || k != null || moeLayers != null || router != null || routing != null;
        if (!(config instanceof VitConfig vit) || vit.moe() == null) {
            if (overridden) {
                throw new IllegalArgumentException("--experts, --k, --moe-layers, --router and --routing apply to"
                        + " mvmoe-* models only");
            }
            return config;
        }
        if (routing == Routing.LEARNED_TOKEN && router != null && router != MoeConfig.Router.TOKEN) {
            throw new IllegalArgumentException("--routing learned-token routes every token; it cannot use --router " + router);
        }
        MoeConfig moe = vit.moe();
        MoeConfig sized = new MoeConfig(experts != null ? experts : moe.experts(), k != null ? k : moe.k(),
                moeLayers != null ? moeLayers : moe.layers(), router != null ? router : moe.router(), moe.importanceWeight());
        return vit.withMoe(sized.routedBy(effectiveRouting()));
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

        public ModelSpec build() {
            return new ModelSpec(preset, classes, imageSize, patchSize, channels, experts, k, moeLayers, router, routing);
        }
    }
}
