package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Which experts a router chose for each of R rows (images or tokens) and with what weights.
 *
 * @param logits  [R, E] the router's scores before the softmax (MV's super-class loss reads these)
 * @param experts [R, k] int64 expert indices, best first
 * @param gates   [R, k] the chosen experts' weights g
 */
public record Routing(NDArray logits, NDArray experts, NDArray gates) {

    /** Number of experts E. */
    public int numExperts() {
        return (int) logits.getShape().get(1);
    }

    /** [R, E] the gate matrix: g at the chosen experts, 0 elsewhere. */
    public NDArray gateMatrix() {
        return gateMatrix(experts, gates, numExperts());
    }

    static NDArray gateMatrix(NDArray experts, NDArray gates, int numExperts) {
        NDArray oneHot = experts.oneHot(numExperts, gates.getDataType()); // [R, k, E]
        return oneHot.mul(gates.expandDims(2)).sum(new int[] {1});
    }
}
