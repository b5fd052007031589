package org.vmoe4j.data;

import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGeneratorFactory;
import org.vmoe4j.UserError;

/**
 * Mixup and CutMix per batch, as timm's {@code Mixup} in DeiT's recipe (SPEC §2 Training: mixup
 * 0.8, CutMix 1.0, mode 'batch', probability 1): with both on, a draw below {@code switchP}
 * picks CutMix, else mixup; λ ~ Beta(α, α) of the one picked. The batch is mixed with itself in
 * reversed order (image i with image n−1−i). Mixup: {@code x_i ← λ·x_i + (1−λ)·x_{n−1−i}}.
 * CutMix: a box of sides {@code int(H·√(1−λ))} × {@code int(W·√(1−λ))} centred on a uniform
 * pixel, clipped to the image, is copied from image n−1−i into image i (every image the same
 * box), and λ becomes {@code 1 − box area / image area}. Soft targets:
 * {@code λ·onehot(y_i) + (1−λ)·onehot(y_{n−1−i})}. Arithmetic is float32 with λ and 1−λ rounded
 * to float, as PyTorch does with a Python scalar.
 *
 * <p>Label smoothing stays out of the data: the loss applies it to these targets. Because both
 * are affine in the one-hot vectors, smoothing the mixed targets equals timm's mixing of
 * smoothed one-hots: {@code (1−s)·(λ·a + (1−λ)·b) + s/K = λ·((1−s)·a + s/K) + (1−λ)·((1−s)·b
 * + s/K)}.
 *
 * @param mixupAlpha α of mixup's Beta distribution, 0 for no mixup
 * @param cutmixAlpha α of CutMix's Beta distribution, 0 for no CutMix
 * @param switchP probability of CutMix when both are on (timm: 0.5)
 * @param classes width of the soft targets (the model's classes)
 */
public record BatchMixing(double mixupAlpha, double cutmixAlpha, double switchP, int classes) {
    /** No mixing: batches keep their hard labels. */
    public static final BatchMixing NONE = new BatchMixing(0, 0, 0, 0);

    public BatchMixing {
        if (!(mixupAlpha >= 0 && cutmixAlpha >= 0 && Double.isFinite(mixupAlpha)
                && Double.isFinite(cutmixAlpha))) {
            throw new UserError("mixup and CutMix alphas must be finite and >= 0 (0 turns one "
                    + "off), got " + mixupAlpha + " and " + cutmixAlpha);
        }
        if (!(switchP >= 0 && switchP <= 1)) {
            throw new UserError("mixup/CutMix switch probability must be in [0, 1], got "
                    + switchP);
        }
        if ((mixupAlpha > 0 || cutmixAlpha > 0) && classes < 1) {
            throw new UserError("mixup/CutMix needs the number of classes, got " + classes);
        }
    }

    /** Whether batches are mixed at all. */
    public boolean enabled() {
        return mixupAlpha > 0 || cutmixAlpha > 0;
    }

    /** A box {@code [yl, yh) × [xl, xh)} and the λ its area gives. */
    public record CutBox(int yl, int yh, int xl, int xh, double lambda) {
    }

    /** Mixes a batch with its draws (switch, λ, box centre) taken from {@code random}. */
    public Batch apply(Batch batch, Random random) {
        boolean cutmix = mixupAlpha == 0
                || (cutmixAlpha > 0 && random.nextDouble() < switchP);
        double alpha = cutmix ? cutmixAlpha : mixupAlpha;
        double lambda = new BetaDistribution(RandomGeneratorFactory.createRandomGenerator(random),
                alpha, alpha).sample();
        if (!cutmix) {
            return mixup(batch, lambda);
        }
        CutBox box = box(batch.height(), batch.width(), lambda,
                random.nextInt(batch.height()), random.nextInt(batch.width()));
        return cutmix(batch, box);
    }

    /** Mixup with a given λ. */
    public Batch mixup(Batch batch, double lambda) {
        float l = (float) lambda;
        float r = (float) (1.0 - lambda);
        float[] x = batch.pixels();
        float[] out = new float[x.length];
        int len = batch.channels() * batch.height() * batch.width();
        for (int i = 0; i < batch.size(); i++) {
            int a = i * len;
            int b = (batch.size() - 1 - i) * len;
            for (int k = 0; k < len; k++) {
                out[a + k] = x[a + k] * l + x[b + k] * r;
            }
        }
        return mixed(batch, out, lambda);
    }

    /**
     * timm's CutMix box for λ with centre row {@code cy} and column {@code cx} (its two uniform
     * draws): sides {@code int(H·√(1−λ))}, {@code int(W·√(1−λ))}, half-sides floored, clipped to
     * the image; λ corrected to the clipped box's area.
     */
    public static CutBox box(int height, int width, double lambda, int cy, int cx) {
        double ratio = Math.sqrt(1 - lambda);
        int cutH = (int) (height * ratio);
        int cutW = (int) (width * ratio);
        int yl = clip(cy - cutH / 2, height);
        int yh = clip(cy + cutH / 2, height);
        int xl = clip(cx - cutW / 2, width);
        int xh = clip(cx + cutW / 2, width);
        double area = (double) (yh - yl) * (xh - xl);
        return new CutBox(yl, yh, xl, xh, 1.0 - area / ((double) height * width));
    }

    /** CutMix with a given box: every image gets the box of its mirror image. */
    public Batch cutmix(Batch batch, CutBox box) {
        float[] x = batch.pixels();
        float[] out = x.clone();
        int h = batch.height();
        int w = batch.width();
        int plane = h * w;
        int len = batch.channels() * plane;
        for (int i = 0; i < batch.size(); i++) {
            int j = batch.size() - 1 - i;
            for (int c = 0; c < batch.channels(); c++) {
                for (int y = box.yl(); y < box.yh(); y++) {
                    int row = c * plane + y * w;
                    System.arraycopy(x, j * len + row + box.xl(), out, i * len + row + box.xl(),
                            box.xh() - box.xl());
                }
            }
        }
        return mixed(batch, out, box.lambda());
    }

    /** {@code λ·onehot(y_i) + (1−λ)·onehot(y_{n−1−i})} per image: [size × classes]. */
    public float[] targets(int[] labels, double lambda) {
        float l = (float) lambda;
        float r = (float) (1.0 - lambda);
        int n = labels.length;
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int a = checked(labels[i]);
            int b = checked(labels[n - 1 - i]);
            t[i * classes + a] = l;
            t[i * classes + b] = a == b ? l + r : r;
        }
        return t;
    }

    private Batch mixed(Batch batch, float[] pixels, double lambda) {
        return new Batch(batch.size(), batch.channels(), batch.height(), batch.width(), pixels,
                batch.labels(), targets(batch.labels(), lambda));
    }

    private int checked(int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " not in 0.." + (classes - 1)
                    + " of the mixing targets");
        }
        return label;
    }

    private static int clip(int v, int n) {
        return Math.max(0, Math.min(v, n));
    }
}
