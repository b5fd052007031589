package org.vmoe4j.config;

/**
 * The MoE part of a Mobile V-MoE (SPEC §2): the last {@code layers} blocks hold {@code experts}
 * experts of which {@code k} run, chosen by one router per image or one per token.
 *
 * @param balanceWeight weight of the importance loss on the router (0 for super-class routing,
 *                      which the router loss already balances; used by learned routing)
 */
public record MoeConfig(int experts, int k, int layers, Router router, double balanceWeight) {
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
        if (k < 1 || k > experts) {
            throw new IllegalArgumentException("k must be in 1.." + experts + " (the number of experts), got " + k);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("MoE layers must be at least 1, got " + layers);
        }
    }

    /** MV's setting: E = 10, k = 1, the last 2 blocks, routed per image from the mean token. */
    public static MoeConfig mobileVMoe() {
        return new MoeConfig(10, 1, 2, Router.IMAGE_MEAN, 0);
    }

    public boolean perImage() {
        return router != Router.TOKEN;
    }
}
