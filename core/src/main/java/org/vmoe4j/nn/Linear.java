package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/** y = x·Wᵀ + b with PyTorch's layout: weight [out, in], bias [out]. */
public final class Linear {
    private final NDArray weight; // [out, in]
    private final NDArray bias;   // [out] or null
    private final int in;
    private final int out;

    public Linear(Scope scope, int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = scope.param("weight", Init.weight(in), out, in);
        this.bias = bias ? scope.param("bias", Init.bias(in), out) : null;
    }

    /** [..., in] → [..., out]. */
    public NDArray forward(NDArray x) {
        return apply(x, weight, bias);
    }

    /** (x·wᵀ + b)·s, computed as x·(s·w)ᵀ + s·b: the scale touches the weights instead of the output. */
    public NDArray forwardScaled(NDArray x, double s) {
        return apply(x, Ops.mul(weight, s), bias == null ? null : Ops.mul(bias, s));
    }

    /** x·wᵀ + b for any weight [out, in] and optional bias [out] (used by expert banks too). */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        return Ops.linear(x, weight, bias);
    }

    /** Cost of applying this layer to {@code rows} vectors. */
    public Cost cost(long rows) {
        return Cost.dense(params(), 2L * in * out * rows);
    }

    public long params() {
        return (long) in * out + (bias == null ? 0 : out);
    }
}
