package org.vmoe4j.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.RandAugmentConfig;

/**
 * timm's RandAugment (SPEC §2 Training, DeiT's {@code rand-m9-mstd0.5-inc1}): per image, draw
 * {@link RandAugmentConfig#ops()} ops uniformly with replacement from timm's op list; then, in
 * order, apply each with probability 0.5 at magnitude {@code m + mstd·N(0, 1)} clipped to
 * [0, 10], its argument negated for signed ops when a fair coin says so
 * ({@link RandAugmentOp}). All draws come from the {@code Random} handed in: op indices first,
 * then per op one uniform (apply?), and, if applied, one Gaussian (when mstd &gt; 0) and one
 * uniform for the sign of a signed op.
 */
public final class RandAugment {
    /** timm's per-op probability ({@code p}, default 0.5). */
    public static final double PROBABILITY = 0.5;

    private final RandAugmentConfig config;
    private final List<RandAugmentOp> ops;
    private final int[] fill;

    /**
     * @param config the settings
     * @param mean the normalisation mean: geometric ops fill with {@code round(255 · mean)} per
     *     channel, as timm's {@code img_mean} hyper-parameter
     */
    public RandAugment(RandAugmentConfig config, float[] mean) {
        this.config = config;
        this.ops = config.increasing() ? RandAugmentOp.INCREASING : RandAugmentOp.STANDARD;
        this.fill = fill(mean);
    }

    /** timm's {@code img_mean}: {@code min(255, round(255 · mean))} per channel, half to even. */
    static int[] fill(float[] mean) {
        int[] fill = new int[mean.length];
        for (int c = 0; c < mean.length; c++) {
            fill[c] = (int) Math.min(255, Math.rint(255 * (double) mean[c]));
        }
        return fill;
    }

    /**
     * One drawn op.
     *
     * @param op the operation
     * @param applied whether its probability draw let it run
     * @param magnitude the noisy, clipped magnitude (NaN when not applied)
     * @param negate whether a signed argument is negated
     */
    public record Layer(RandAugmentOp op, boolean applied, double magnitude, boolean negate) {
    }

    /** Draws the ops of one image and their magnitudes and signs. */
    public List<Layer> draw(Random random) {
        RandAugmentOp[] chosen = new RandAugmentOp[config.ops()];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = ops.get(random.nextInt(ops.size()));
        }
        List<Layer> layers = new ArrayList<>(chosen.length);
        for (RandAugmentOp op : chosen) {
            if (random.nextDouble() > PROBABILITY) {
                layers.add(new Layer(op, false, Double.NaN, false));
                continue;
            }
            double m = config.magnitude();
            if (config.magnitudeStd() > 0) {
                m += config.magnitudeStd() * random.nextGaussian();
            }
            m = Math.max(0.0, Math.min(m, RandAugmentOp.MAX_MAGNITUDE));
            boolean negate = op.signed() && random.nextDouble() > 0.5;
            layers.add(new Layer(op, true, m, negate));
        }
        return layers;
    }

    /**
     * Augments one image. A one-channel image for a three-channel fill becomes RGB first, as
     * timm loads every image as RGB, so that geometric ops fill with the mean colour.
     */
    public Image apply(Image img, Random random) {
        Image out = img.channels() < fill.length ? Grayscale.toRgb(img) : img;
        for (Layer layer : draw(random)) {
            if (layer.applied()) {
                RandAugmentOp op = layer.op();
                out = op.apply(out, op.argument(layer.magnitude(), layer.negate()), fill);
            }
        }
        return out;
    }
}
