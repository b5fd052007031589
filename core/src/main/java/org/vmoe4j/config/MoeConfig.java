package org.vmoe4j.config;

/**
 * The MoE part of a Mobile V-MoE (SPEC §2) as the model is built: the last {@code layers} blocks hold
 * {@code experts} experts of which {@code k} run, chosen by one router per image or one per token.
 * {@link #routedBy} is the one place where a training {@link Routing} turns into these fields.
 *
 * @param importanceWeight weight of the importance loss CV²(Σ gates) on the router (0 for super-class
 *                         routing, which the router loss already balances; learned routing uses
 *                         {@link #LEARNED_IMPORTANCE_WEIGHT})
 */
public record MoeConfig(int experts, int k, int layers, Router router, double importanceWeight) {
    /** w_imp of a router learned end to end: SPEC §3's 1e-2, as in V-MoE and Shazeer et al. 2017. */
    public static final double LEARNED_IMPORTANCE_WEIGHT = 1e-2;

    /** What the router looks at and how often it decides. */
    public enum Router {
        /** One decision per image from the mean of its patch tokens (MV's default). */
        IMAGE_MEAN,
        /** One decision per image from its class token. */
        IMAGE_CLASS_TOKEN,
        /** One decision per token in every MoE block (regular V-MoE). */
        TOKEN
    }

    public MoeConfig {
        if (experts < 1 || k < 1 || k > experts) {
            throw new IllegalArgumentException("k must be in 1.." + experts + " (the number of experts), got " + k);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("MoE layers must be at least 1, got " + layers);
        }
    }

    /** MV's setting: E = 10, k = 1, the last 2 blocks, routed per image from the mean token, super-class supervised. */
    public static MoeConfig mobileVMoe() {
        return new MoeConfig(10, 1, 2, Router.IMAGE_MEAN, 0);
    }

    /**
     * This MoE as a routing mode trains it: super-class routing keeps a per-image router without balancing loss,
     * learned routing adds the importance loss, and learned per-token routing gives every MoE block its own router.
     *
     * @throws IllegalArgumentException when the router cannot serve the routing (super-class labels need one
     *                                  decision per image)
     */
    public MoeConfig routedBy(Routing routing) {
        return switch (routing) {
            case SUPERCLASS -> {
                if (router == Router.TOKEN) {
                    throw new IllegalArgumentException("super-class routing needs a per-image router, not TOKEN"
                            + " (per-token routing is --routing learned-token)");
                }
                yield new MoeConfig(experts, k, layers, router, 0);
            }
            case LEARNED_IMAGE -> {
                if (router == Router.TOKEN) {
                    throw new IllegalArgumentException("learned-image routing needs a per-image router, not TOKEN");
                }
                yield new MoeConfig(experts, k, layers, router, LEARNED_IMPORTANCE_WEIGHT);
            }
            case LEARNED_TOKEN -> new MoeConfig(experts, k, layers, Router.TOKEN, LEARNED_IMPORTANCE_WEIGHT);
        };
    }

    public boolean perImage() {
        return router != Router.TOKEN;
    }
}
