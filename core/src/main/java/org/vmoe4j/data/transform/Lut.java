package org.vmoe4j.data.transform;

import org.vmoe4j.data.Image;

/** Applies 256-entry lookup tables to an 8-bit image, one table for all channels or one each. */
final class Lut {
    private Lut() {
    }

    /** Maps every value through {@code table} (entries 0..255). */
    static Image apply(Image img, int[] table) {
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) table[src[i] & 0xFF];
        }
        return new Image(img.height(), img.width(), img.channels(), dst);
    }

    /** Maps channel c through {@code tables[c]}. */
    static Image apply(Image img, int[][] tables) {
        int c = img.channels();
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int ch = 0; ch < c; ch++) {
            int[] t = tables[ch];
            for (int i = ch; i < dst.length; i += c) {
                dst[i] = (byte) t[src[i] & 0xFF];
            }
        }
        return new Image(img.height(), img.width(), c, dst);
    }

    /** Maps each channel through the table {@code tableOf} builds from that channel's histogram. */
    static Image fromHistograms(Image img, java.util.function.UnaryOperator<int[]> tableOf) {
        int[][] hist = histograms(img);
        int[][] tables = new int[hist.length][];
        for (int ch = 0; ch < hist.length; ch++) {
            tables[ch] = tableOf.apply(hist[ch]);
        }
        return apply(img, tables);
    }

    /** Per-channel histograms: {@code [channels][256]} counts. */
    static int[][] histograms(Image img) {
        int c = img.channels();
        int[][] h = new int[c][256];
        byte[] p = img.pixels();
        for (int ch = 0; ch < c; ch++) {
            int[] hc = h[ch];
            for (int i = ch; i < p.length; i += c) {
                hc[p[i] & 0xFF]++;
            }
        }
        return h;
    }
}
