package org.vmoe4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.data.Image;

/**
 * mmLiT's reconstructions as a picture (SPEC §4): for each sample, the original, the patches the encoder saw (the
 * rest grey), and the reconstruction with the visible patches pasted back; pixels un-normalised to 8 bits.
 */
public final class ReconstructionSheet {
    /**
     * One validation image.
     *
     * @param original [C·H·W] normalised pixels
     * @param keep the visible patches
     * @param predicted [N·C·P·P] predicted patches, flattened as {@code PatchEmbedding.patchify} does
     */
    public record Sample(float[] original, long[] keep, float[] predicted) {
    }

    private static final int GREY = 128;

    private final MaeConfig config;
    private final float[] mean;
    private final float[] std;

    public ReconstructionSheet(MaeConfig config, float[] mean, float[] std) {
        this.config = config;
        this.mean = mean;
        this.std = std;
    }

    /** Writes the sheet, three images per row, atomically. */
    public void write(Path png, List<Sample> samples) {
        List<Image> grid = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Sample s : samples) {
            grid.add(image(s.original(), null, null));
            grid.add(image(s.original(), s.keep(), null));
            grid.add(image(s.original(), s.keep(), s.predicted()));
            captions.addAll(List.of("original", "masked", "reconstructed"));
        }
        PreviewGrid.write(png, grid, captions, 3);
    }

    /** The original with hidden patches grey ({@code predicted} null) or predicted; all of it when {@code keep} is null. */
    private Image image(float[] original, long[] keep, float[] predicted) {
        int c = config.channels(), size = config.imageSize(), p = config.patchSize(), side = size / p;
        boolean[] visible = new boolean[config.patches()];
        if (keep == null) {
            java.util.Arrays.fill(visible, true);
        } else {
            for (long k : keep) {
                visible[(int) k] = true;
            }
        }
        byte[] out = new byte[size * size * c];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int patch = (y / p) * side + x / p;
                for (int ch = 0; ch < c; ch++) {
                    int v = GREY;
                    if (visible[patch] || predicted != null) {
                        float value = visible[patch] ? original[(ch * size + y) * size + x]
                                : predicted[patch * c * p * p + (ch * p + y % p) * p + x % p];
                        v = Math.max(0, Math.min(255, Math.round((value * std[ch] + mean[ch]) * 255)));
                    }
                    out[(y * size + x) * c + ch] = (byte) v;
                }
            }
        }
        return new Image(size, size, c, out);
    }
}
