package org.vmoe4j.data;

import java.util.random.RandomGenerator;

/** The Fisher-Yates shuffle every seeded order of the project is drawn with. */
public final class Shuffle {
    private Shuffle() {
    }

    /**
     * A uniformly random permutation of {@code 0..n-1}: starting from the identity, for i from
     * n-1 down to 1, swap entry i with entry {@code random.nextInt(i + 1)}. Exactly n-1 draws, in
     * that order, so a seeded generator gives the same permutation on every run.
     */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
