package org.vmoe4j.config;

/**
 * The per-channel mean and standard deviation that inputs in [0, 1] are normalised with; a run trains, evaluates
 * and predicts with the same one. A one-channel model (an RGB image becomes its luma, Pillow's L = 0.299 R + 0.587 G
 * + 0.114 B) uses the same weighting of the three means and of the three standard deviations.
 */
public enum Normalization {
    /** Mean 0.5, std 0.5: timm's ViT default, ML's recipes and the ViT paper's [−1, 1] range (SPEC §1). */
    HALF(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}),
    /** ImageNet's statistics, as DeiT's recipe normalises (SPEC §2 Training). */
    IMAGENET(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    private static final double[] LUMA = {0.299, 0.587, 0.114};

    private final double[] mean;
    private final double[] std;

    Normalization(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** The means for a model of {@code channels} channels (1 or 3). */
    public float[] mean(int channels) {
        return of(mean, channels);
    }

    /** The standard deviations for a model of {@code channels} channels (1 or 3). */
    public float[] std(int channels) {
        return of(std, channels);
    }

    private static float[] of(double[] rgb, int channels) {
        if (channels == 3) {
            return new float[] {(float) rgb[0], (float) rgb[1], (float) rgb[2]};
        }
        return new float[] {(float) (LUMA[0] * rgb[0] + LUMA[1] * rgb[1] + LUMA[2] * rgb[2])};
    }
}
