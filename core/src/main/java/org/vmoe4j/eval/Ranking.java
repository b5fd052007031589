package org.vmoe4j.eval;

import java.util.stream.IntStream;

/** Ranks scores: the indices of the largest, best first (ties keep the lower index first). */
final class Ranking {
    private Ranking() {
    }

    /** The {@code n} best of {@code scores[from .. from + length)}, as indices relative to {@code from}. */
    static int[] top(float[] scores, int from, int length, int n) {
        return IntStream.range(0, length).boxed()
                .sorted((a, b) -> Float.compare(scores[from + b], scores[from + a]))
                .limit(n).mapToInt(Integer::intValue).toArray();
    }
}
