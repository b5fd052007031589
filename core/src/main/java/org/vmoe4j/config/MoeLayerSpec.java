package org.vmoe4j.config;

/**
 * The shape of one mLiT MoE layer (SPEC §3).
 *
 * @param dim model width m
 * @param hidden SwiGLU hidden size d_h of this layer (Eq. 15)
 * @param experts t
 * @param k experts per token
 * @param sharing which SwiGLU maps the experts share
 * @param dropout dropout on the layer's output
 * @param importanceWeight w_imp
 * @param loadWeight w_load
 */
public record MoeLayerSpec(int dim, int hidden, int experts, int k, ExpertSharing sharing,
                           double dropout, double importanceWeight, double loadWeight) {
}
