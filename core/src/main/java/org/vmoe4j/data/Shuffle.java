package org.vmoe4j.data;

import java.util.random.RandomGenerator;

/** The Fisher–Yates shuffle every seeded order of vmoe4j is drawn with (data order, subsets, masks, groupings). */
public final class Shuffle {
    private Shuffle() {
    }

    /** A uniformly random permutation of 0..n-1: for i from n-1 down to 1, swap i with a uniform j in 0..i. */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
