package org.vmoe4j.data.transform;

import java.util.Random;
import org.vmoe4j.data.Image;

/** Horizontal (left-right) flip, applied with probability p (SPEC §4: p = 0.5 in both recipes). */
public final class HorizontalFlip {
    private HorizontalFlip() {
    }

    /** The mirror image: column x becomes column width-1-x. */
    public static Image apply(Image img) {
        int w = img.width();
        int c = img.channels();
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < img.height(); y++) {
            int row = y * w * c;
            for (int x = 0; x < w; x++) {
                int from = row + x * c;
                int to = row + (w - 1 - x) * c;
                for (int ch = 0; ch < c; ch++) {
                    dst[to + ch] = src[from + ch];
                }
            }
        }
        return new Image(img.height(), w, c, dst);
    }

    /** Flips when a uniform draw is below p (one draw is always taken, as torchvision does). */
    public static Image apply(Image img, double p, Random random) {
        return random.nextDouble() < p ? apply(img) : img;
    }
}
