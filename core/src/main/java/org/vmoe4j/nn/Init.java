package org.vmoe4j.nn;

import java.util.SplittableRandom;

/**
 * How a parameter starts. A layer names its parameter's role (a linear layer's weight or bias with its fan-in, a
 * patch kernel, a position embedding, a class token, a norm's ones and zeros); the model's {@link Scheme} turns
 * the role into values:
 * <ul>
 *   <li>{@link Scheme#TIMM}, the ViT family (SPEC §1–§2, timm's {@code init_weights_vit_timm}): linear weights
 *       truncated normal with std 0.02 (timm truncates at ±2 in absolute value, so practically untruncated), linear
 *       biases zero, class token normal with std 1e-6, position embedding truncated normal 0.02. timm leaves its
 *       patch-embedding convolution to PyTorch's default, and so does this scheme.</li>
 *   <li>{@link Scheme#PYTORCH}, mLiT and mmLiT ("PyTorch defaults", ML §3, SPEC §3): every linear layer as
 *       {@code nn.Linear.reset_parameters} does it, weight kaiming-uniform with a = √5, i.e. U(±1/√fan_in), and
 *       bias U(±1/√fan_in); the patch projection is such a linear layer (a {@code Conv2d} gives the same bounds).
 *       Position embeddings and the mask token are plain parameters that PyTorch does not initialise; the choice
 *       here is MAE's and timm's truncated normal 0.02.</li>
 * </ul>
 * LayerNorm is ones and zeros in both (PyTorch's default, which timm keeps). mLiT's gate matrices W_g and W_noise
 * start at zero as in Shazeer et al. 2017 ({@link #ZEROS}).
 */
public final class Init {
    /** The initialisation convention of a model family. */
    public enum Scheme { TIMM, PYTORCH }

    private enum Role { ZEROS, ONES, LINEAR_WEIGHT, LINEAR_BIAS, CONV_WEIGHT, CONV_BIAS, EMBEDDING, CLASS_TOKEN }

    /** Zeros, in every scheme. */
    public static final Init ZEROS = new Init(Role.ZEROS, 1);
    /** Ones (a norm's scale), in every scheme. */
    public static final Init ONES = new Init(Role.ONES, 1);
    /** A position embedding or a mask token: truncated normal 0.02 in every scheme. */
    public static final Init EMBEDDING = new Init(Role.EMBEDDING, 1);
    /** timm's class token: normal with std 1e-6. */
    public static final Init CLASS_TOKEN = new Init(Role.CLASS_TOKEN, 1);

    static final double STD = 0.02;
    private static final double CLASS_TOKEN_STD = 1e-6;
    private static final double TRUNCATION = 2; // timm's trunc_normal_ bounds a = -2, b = 2 (absolute values)

    private final Role role;
    private final long fanIn;

    private Init(Role role, long fanIn) {
        this.role = role;
        this.fanIn = fanIn;
    }

    /** The weight of a linear map (also each expert's, stacked) with {@code fanIn} inputs. */
    public static Init weight(long fanIn) {
        return new Init(Role.LINEAR_WEIGHT, fanIn);
    }

    /** The bias of a linear map with {@code fanIn} inputs. */
    public static Init bias(long fanIn) {
        return new Init(Role.LINEAR_BIAS, fanIn);
    }

    /** A patch-embedding kernel with {@code fanIn} = C·P·P inputs: PyTorch's default in every scheme. */
    public static Init patchWeight(long fanIn) {
        return new Init(Role.CONV_WEIGHT, fanIn);
    }

    /** A patch-embedding bias: PyTorch's default U(±1/√fan_in) in every scheme. */
    public static Init patchBias(long fanIn) {
        return new Init(Role.CONV_BIAS, fanIn);
    }

    /** Fills {@code values} from {@code random} as {@code scheme} initialises this role. */
    void fill(float[] values, SplittableRandom random, Scheme scheme) {
        double bound = 1 / Math.sqrt(fanIn); // kaiming_uniform(a=√5): gain √(1/3) · √(3/fan_in)
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) switch (role) {
                case ZEROS -> 0;
                case ONES -> 1;
                case CLASS_TOKEN -> random.nextGaussian() * CLASS_TOKEN_STD;
                case EMBEDDING -> truncatedNormal(random);
                case CONV_WEIGHT, CONV_BIAS -> uniform(random, bound);
                case LINEAR_WEIGHT -> scheme == Scheme.TIMM ? truncatedNormal(random) : uniform(random, bound);
                case LINEAR_BIAS -> scheme == Scheme.TIMM ? 0 : uniform(random, bound);
            };
        }
    }

    private static double uniform(SplittableRandom random, double bound) {
        return (2 * random.nextDouble() - 1) * bound;
    }

    /** Normal with std 0.02, redrawn outside ±2 (timm's {@code trunc_normal_(std=.02)}, bounds in absolute units). */
    private static double truncatedNormal(SplittableRandom random) {
        while (true) {
            double v = random.nextGaussian() * STD;
            if (Math.abs(v) <= TRUNCATION) {
                return v;
            }
        }
    }
}
