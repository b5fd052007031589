package org.vmoe4j.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

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
 *       native memory of their own, written through a buffer over the tensor's own memory (no Java direct buffer,
 *       no second copy).</li>
 *   <li>Fused operators (linear with bias, convolution, layer norm, GELU, sigmoid, softplus, dropout, the Adam
 *       update) exist only on DJL's internal
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

    /**
     * A convolution whose stride equals its kernel (non-overlapping windows, no padding), e.g. a patch embedding:
     * [B, C, H, W] with kernel [D, C, P, P] → [B, D, H/P, W/P]. PyTorch runs it as one oneDNN kernel, without the
     * patches ever being copied out of the image.
     */
    public static NDArray strideConv(NDArray images, NDArray kernel, NDArray bias) {
        Shape window = new Shape(kernel.getShape().get(2), kernel.getShape().get(3));
        return images.getNDArrayInternal().convolution(images, kernel, bias, window, new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
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

    /**
     * A float array with native memory of its own, written in one copy from the Java array; on a GPU manager, one copy
     * to the device (which owns it: nothing aliases the Java array).
     */
    public static NDArray floats(NDManager manager, float[] values, long... shape) {
        if (!onCpu(manager)) {
            return manager.create(FloatBuffer.wrap(values), new Shape(shape));
        }
        NDArray array = manager.create(new Shape(shape), DataType.FLOAT32); // uninitialised native memory
        memory(array).asFloatBuffer().put(values);
        return array;
    }

    /** An int64 array (e.g. an index autograd keeps) with native memory of its own. */
    public static NDArray longs(NDManager manager, long[] values, long... shape) {
        if (!onCpu(manager)) {
            return manager.create(LongBuffer.wrap(values), new Shape(shape));
        }
        NDArray array = manager.create(new Shape(shape), DataType.INT64);
        memory(array).asLongBuffer().put(values);
        return array;
    }

    private static boolean onCpu(NDManager manager) {
        return manager.getDevice().equals(Device.cpu());
    }

    /**
     * The native memory of a new, contiguous array on the CPU as a buffer in native byte order: what is written to it is
     * the array's content (the way to fill an array from a file or Java values in one copy). Elsewhere DJL would hand
     * back a host copy and what is written would be lost, so other devices are refused.
     */
    public static ByteBuffer memory(NDArray fresh) {
        if (!fresh.getDevice().equals(Device.cpu())) {
            throw new IllegalArgumentException("an array on " + fresh.getDevice() + " has no host memory to write into");
        }
        return fresh.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }

    /**
     * One AdamW update of one parameter in one native call (the PyTorch engine's Adam kernel: about a dozen
     * operators inside, none of them crossing JNI), then clears the gradient. The kernel computes, in place,
     * p ← p − (p·lr)·wd; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − m·lrCorrected / (√v + eps)
     * (its eps is not divided by the bias correction: the caller folds √(1−β₂ᵗ) into lrCorrected and eps).
     */
    public static void adamWUpdate(NDArray param, NDArray grad, NDArray m, NDArray v, float lr, float lrCorrected,
                                   float weightDecay, float beta1, float beta2, float eps) {
        param.getNDArrayInternal().adamUpdate(new NDList(param, grad, m, v), new NDList(param), lr, lrCorrected,
                weightDecay, 1f, -1f, beta1, beta2, eps, false, true); // no rescaling, no clipping; clears the grad
    }

    /** Clears a parameter's gradient in place (PyTorch's {@code zero_grad}). */
    public static void zeroGrad(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
