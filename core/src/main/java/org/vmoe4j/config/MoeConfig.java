package org.vmoe4j.config;

/**
 * The MoE part of a Mobile V-MoE (SPEC §2) as the model is built: the last {@code layers} blocks hold
 * {@code experts} experts of which {@code k} run, chosen by one router per image or one per token.
 * {@link #routedBy} is the one place where a training {@link Routing} turns into the router kind, the balancing
 * weights, the gating noise and the capacity.
 *
 * @param importanceWeight weight of V-MoE's importance loss (0 for super-class routing, which the router loss
 *                         balances; learned routing uses {@link #VMOE_LOSS_WEIGHT})
 * @param loadWeight weight of V-MoE's load loss (idem; it needs the gating noise)
 * @param noise σ of the gating noise ε ~ N(0, (σ/E)²) added to the router logits in training (V-MoE: σ = 1);
 *              0 for none
 * @param capacityRatio C of V-MoE's expert buffers in training, round(C·k·rows/E) rows per expert per batch, the
 *                      rest dropped to the residual; 0 for unbounded buffers (per-image routing)
 */
public record MoeConfig(int experts, int k, int layers, Router router, double importanceWeight, double loadWeight,
                        double noise, double capacityRatio) {
    /**
     * The weight of each of V-MoE's two balancing losses: Riquelme et al. 2021 (App. A) weigh ½·L_imp + ½·L_load by
     * λ = 0.01, i.e. 0.005 each, as the V-MoE code's configs do ({@code importance_loss_weight = 0.005}).
     */
    public static final double VMOE_LOSS_WEIGHT = 0.005;
    /** V-MoE's gating noise: ε ~ N(0, 1/E²) ({@code noise_std = 1.0}, "actually 1.0 / num_experts"). */
    public static final double VMOE_NOISE = 1;
    /** V-MoE's default training capacity ratio C = 1.05 (the V-MoE code's {@code capacity_factor}). */
    public static final double VMOE_CAPACITY_RATIO = 1.05;

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
        if (!(capacityRatio >= 0 && Double.isFinite(capacityRatio))) {
            throw new IllegalArgumentException("the capacity ratio must be > 0, got " + capacityRatio);
        }
    }

    /** MV's setting: E = 10, k = 1, the last 2 blocks, routed per image from the mean token, super-class supervised. */
    public static MoeConfig mobileVMoe() {
        return new MoeConfig(10, 1, 2, Router.IMAGE_MEAN, 0, 0, 0, 0);
    }

    /** The same MoE with another size. */
    public MoeConfig sized(int experts, int k, int layers, Router router) {
        return new MoeConfig(experts, k, layers, router, importanceWeight, loadWeight, noise, capacityRatio);
    }

    /**
     * This MoE as a routing mode trains it. Super-class routing (MV §2.2): a per-image router, no noise and no
     * balancing loss (the super-class loss balances it). Learned per-image routing: V-MoE's noisy router and its
     * importance and load losses, on images. Learned per-token routing: regular V-MoE (Riquelme et al. 2021), a
     * router in every MoE block, noisy top-k, both losses and expert buffers of capacity ratio C.
     *
     * @param capacityRatio C for per-token routing, or null for V-MoE's 1.05
     * @throws IllegalArgumentException when the router cannot serve the routing (super-class labels need one
     *                                  decision per image) or a capacity is given to per-image routing
     */
    public MoeConfig routedBy(Routing routing, Double capacityRatio) {
        if (routing != Routing.LEARNED_TOKEN && capacityRatio != null) {
            throw new IllegalArgumentException("--capacity-ratio applies to per-token routing (--routing learned-token)");
        }
        if (capacityRatio != null && !(capacityRatio > 0)) {
            throw new IllegalArgumentException("--capacity-ratio must be > 0, got " + capacityRatio);
        }
        if (routing != Routing.LEARNED_TOKEN && router == Router.TOKEN) {
            throw new IllegalArgumentException(routing.name().toLowerCase().replace('_', '-') + " routing needs a"
                    + " per-image router, not TOKEN (per-token routing is --routing learned-token)");
        }
        return switch (routing) {
            case SUPERCLASS -> new MoeConfig(experts, k, layers, router, 0, 0, 0, 0);
            case LEARNED_IMAGE -> new MoeConfig(experts, k, layers, router, VMOE_LOSS_WEIGHT, VMOE_LOSS_WEIGHT,
                    VMOE_NOISE, 0);
            case LEARNED_TOKEN -> new MoeConfig(experts, k, layers, Router.TOKEN, VMOE_LOSS_WEIGHT, VMOE_LOSS_WEIGHT,
                    VMOE_NOISE, capacityRatio != null ? capacityRatio : VMOE_CAPACITY_RATIO);
        };
    }

    public boolean perImage() {
        return router != Router.TOKEN;
    }
}
