package org.vmoe4j.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.data.Shuffle;

/**
 * MAE's random masking (SPEC §4): each image hides round(ratio·N) of its N patches, chosen uniformly
 * and independently per image; the choice derives from (seed, epoch, image index) so a resumed run
 * masks exactly as the original would.
 */
public record RandomMasking(int patches, int visible) {

    /** The masking of an auto-encoder: N patches of which {@link MaeConfig#visiblePatches()} stay visible. */
    public static RandomMasking of(MaeConfig config) {
        return new RandomMasking(config.patches(), config.visiblePatches());
    }

    /**
     * The visible patches of each image, ascending.
     *
     * @param images the dataset indices of the batch's images
     * @return [images.length][visible()] patch indices
     */
    public long[][] keep(long seed, int epoch, int[] images) {
        long[][] keep = new long[images.length][];
        for (int i = 0; i < images.length; i++) {
            keep[i] = keep(new SplittableRandom(seed ^ (epoch * 0x9E3779B97F4A7C15L) ^ (images[i] * 0xC2B2AE3D27D4EB4FL)));
        }
        return keep;
    }

    private long[] keep(SplittableRandom random) {
        int[] order = Shuffle.permutation(patches, random);
        long[] kept = Arrays.stream(order, 0, visible).asLongStream().toArray();
        Arrays.sort(kept);
        return kept;
    }
}
