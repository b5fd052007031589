package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.vmoe4j.tensor.Ops;

/**
 * Stochastic depth (Huang et al. 2016) as timm's {@code DropPath} applies it to a residual branch in DeiT's recipe
 * (SPEC §2 Training): in training, each sample's branch output is dropped with probability p and kept ones are
 * scaled by 1/(1 − p), so the expectation is unchanged; block i of L has p = rate·i/(L − 1) (timm's
 * {@code torch.linspace(0, drop_path_rate, depth)}).
 */
public final class DropPath {
    private DropPath() {
    }

    /** The drop probability of block {@code block} of {@code depth} for the schedule's largest {@code rate}. */
    public static double rate(double rate, int block, int depth) {
        return depth == 1 ? 0 : rate * block / (depth - 1);
    }

    /** y [B, ...] with each sample's values zeroed with probability p, the rest divided by 1 − p. */
    public static NDArray apply(NDArray y, double p) {
        if (p <= 0) {
            return y;
        }
        long[] shape = new long[y.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = y.getShape().get(0);
        NDArray kept = y.getManager().randomUniform(0, 1, new Shape(shape)).gte((float) p); // [B, 1, ..., 1]
        return y.mul(Ops.div(kept.toType(y.getDataType(), false), 1 - p));
    }
}
