package org.vmoe4j.data.transform;

import java.util.Random;
import org.vmoe4j.data.Image;

/** Small images for the transform tests. */
final class TestImages {
    private TestImages() {
    }

    /** A one-channel image from rows of values 0..255. */
    static Image gray(int[][] rows) {
        int h = rows.length;
        int w = rows[0].length;
        byte[] p = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = (byte) rows[y][x];
            }
        }
        return new Image(h, w, 1, p);
    }

    /** The values of a one-channel image as rows. */
    static int[][] rows(Image img) {
        int[][] out = new int[img.height()][img.width()];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                out[y][x] = img.at(y, x, 0);
            }
        }
        return out;
    }

    /** An RGB image from interleaved values. */
    static Image rgb(int height, int width, int... values) {
        byte[] p = new byte[values.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) values[i];
        }
        return new Image(height, width, 3, p);
    }

    /** The pixels as unsigned values. */
    static int[] values(Image img) {
        int[] out = new int[img.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = img.pixels()[i] & 0xFF;
        }
        return out;
    }

    /** Uniform random pixels. */
    static Image random(int height, int width, int channels, long seed) {
        byte[] p = new byte[height * width * channels];
        new Random(seed).nextBytes(p);
        return new Image(height, width, channels, p);
    }
}
