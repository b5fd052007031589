package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis with a learned scale ({@code weight}) and shift ({@code bias}). */
public final class LayerNorm {
    private final NDArray weight;
    private final NDArray bias;
    private final Shape shape;
    private final float eps;

    public LayerNorm(Scope scope, int dim, double eps) {
        this.weight = scope.param("weight", Init.ONES, dim);
        this.bias = scope.param("bias", Init.ZEROS, dim);
        this.shape = new Shape(dim);
        this.eps = (float) eps;
    }

    public NDArray forward(NDArray x) {
        return Ops.layerNorm(x, shape, weight, bias, eps);
    }

    /** Norms hold parameters but no matrix products, so they cost no FLOPs under SPEC §1. */
    public Cost cost() {
        return Cost.dense(2 * shape.get(0), 0);
    }
}
