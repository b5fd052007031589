package org.vmoe4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one home of DJL's pitfalls: every layer, loss and optimizer calls these instead of DJL directly where DJL
 * either lacks a public operator or hides a trap. The traps:
 * <ul>
 *   <li>Constants: DJL's {@code mul(Number)} / {@code div(Number)} wrap the number in a tensor that borrows a Java
 *       buffer and close it at once, but PyTorch keeps that tensor for the backward pass, which then reads freed
 *       memory once the garbage collector has run (gradients turn to NaN at random steps). {@link #mul} and
 *       {@link #div} make the constant in native memory.</li>
 *   <li>Arrays made from Java data borrow a direct buffer that DJL may release while autograd still holds the tensor
 *       (an index kept for backward, an input whose view a layer saves): {@link #floats} and {@link #longs} give them
 *       native memory of their own, and {@link #nativeCopy} does so for any array.</li>
 *   <li>Fused operators (linear with bias, layer norm, GELU, sigmoid, softplus, dropout) exist only on DJL's internal
 *       array API, and clearing a gradient only on the PyTorch engine's JNI: they are reached here, nowhere else.</li>
 * </ul>
 */
public final class Ops {
    private Ops() {
    }

    /** x · v, with v in native memory. */
    public static NDArray mul(NDArray x, double v) {
        return x.mul(constant(x, v));
    }

    /** x / v, with v in native memory. */
    public static NDArray div(NDArray x, double v) {
        return x.div(constant(x, v));
    }

    private static NDArray constant(NDArray like, double v) {
        return like.getManager().full(new Shape(), (float) v, like.getDataType());
    }

    /** x·wᵀ + b in one call; weight [out, in], bias [out] or null. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    /** Layer normalisation over the trailing {@code shape} axes with scale and shift. */
    public static NDArray layerNorm(NDArray x, Shape shape, NDArray weight, NDArray bias, float eps) {
        return x.getNDArrayInternal().layerNorm(x, shape, weight, bias, eps).singletonOrThrow();
    }

    /** The exact (erf) GELU. */
    public static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    public static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    /** silu(x) = x·σ(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(sigmoid(x));
    }

    /** log(1 + eˣ). */
    public static NDArray softPlus(NDArray x) {
        return x.getNDArrayInternal().softPlus();
    }

    /** Inverted dropout with drop probability p (training only: the caller decides). */
    public static NDArray dropout(NDArray x, float p) {
        return x.getNDArrayInternal().dropout(x, p, true).singletonOrThrow();
    }

    /** A float array with native memory of its own. */
    public static NDArray floats(NDManager manager, float[] values, long... shape) {
        return nativeCopy(manager.create(values, new Shape(shape)));
    }

    /** An int64 array (e.g. an index autograd keeps) with native memory of its own. */
    public static NDArray longs(NDManager manager, long[] values, long... shape) {
        return nativeCopy(manager.create(values, new Shape(shape)));
    }

    /** A copy in native memory; the borrowed original is closed. */
    public static NDArray nativeCopy(NDArray borrowed) {
        try (borrowed) {
            return borrowed.duplicate();
        }
    }

    /** Clears a parameter's gradient in place (PyTorch's {@code zero_grad}). */
    public static void zeroGrad(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
