package org.vmoe4j.config;

import org.vmoe4j.UserError;

/**
 * A model as a user names it: a preset plus the overrides given on the command line. This is what a
 * run directory records, so the same model can be rebuilt for evaluation. Null fields keep the preset's value.
 */
public record ModelSpec(String preset, Integer classes, Integer imageSize, Integer patchSize, Integer channels,
                        Integer experts, Integer k, Integer moeLayers, MoeConfig.Router router) {

    public static ModelSpec of(String preset) {
        return new ModelSpec(preset, null, null, null, null, null, null, null, null);
    }

    public ModelSpec withClasses(int n) {
        return new ModelSpec(preset, n, imageSize, patchSize, channels, experts, k, moeLayers, router);
    }

    public ModelSpec withExperts(int n) {
        return new ModelSpec(preset, classes, imageSize, patchSize, channels, n, k, moeLayers, router);
    }

    public ModelSpec withRouter(MoeConfig.Router kind) {
        return new ModelSpec(preset, classes, imageSize, patchSize, channels, experts, k, moeLayers, kind);
    }

    /**
     * The preset with the overrides applied.
     *
     * @throws UserError for an unknown preset
     * @throws IllegalArgumentException when an override does not fit the model
     */
    public ModelConfig resolve() {
        ModelConfig config = ModelPresets.get(preset);
        if (classes != null) {
            config = config.withClasses(classes);
        }
        if (imageSize != null || patchSize != null || channels != null) {
            config = config.withInput(imageSize != null ? imageSize : config.imageSize(),
                    patchSize != null ? patchSize : config.patchSize(), channels != null ? channels : config.channels());
        }
        config = withMoeOverrides(config);
        config.validate();
        return config;
    }

    private ModelConfig withMoeOverrides(ModelConfig config) {
        if (experts == null && k == null && moeLayers == null && router == null) {
            return config;
        }
        if (!(config instanceof VitConfig vit) || vit.moe() == null) {
            throw new IllegalArgumentException("--experts, --k, --moe-layers and --router apply to mvmoe-* models only");
        }
        MoeConfig moe = vit.moe();
        MoeConfig.Router kind = router != null ? router : moe.router();
        double balance = kind == MoeConfig.Router.TOKEN && moe.balanceWeight() == 0 ? 0.01 : moe.balanceWeight();
        return vit.withMoe(new MoeConfig(experts != null ? experts : moe.experts(), k != null ? k : moe.k(),
                moeLayers != null ? moeLayers : moe.layers(), kind, balance));
    }
}
