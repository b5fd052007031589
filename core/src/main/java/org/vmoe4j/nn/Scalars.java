package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication and division by a constant that are safe under autograd. DJL's {@code mul(Number)} and
 * {@code div(Number)} wrap the number in a tensor that borrows a Java buffer and close it at once, but
 * PyTorch keeps that tensor for the backward pass, which then reads freed memory once the garbage
 * collector has run (gradients turn to NaN at random steps). These make the constant in native memory.
 */
public final class Scalars {
    private Scalars() {
    }

    /** x · v. */
    public static NDArray mul(NDArray x, double v) {
        return x.mul(of(x, v));
    }

    /** x / v. */
    public static NDArray div(NDArray x, double v) {
        return x.div(of(x, v));
    }

    private static NDArray of(NDArray like, double v) {
        return like.getManager().full(new Shape(), (float) v, like.getDataType());
    }
}
