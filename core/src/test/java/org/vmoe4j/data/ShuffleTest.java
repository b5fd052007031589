package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    @Test
    void everyPermutationOfFourIsEquallyLikely() {
        Random random = new Random(3);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 24_000;
        for (int t = 0; t < draws; t++) {
            counts.merge(Arrays.toString(Shuffle.permutation(4, random)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(24);
        // chi-square with 23 degrees of freedom: 49.7 is its 0.999 quantile
        double expected = draws / 24.0;
        double chi2 = counts.values().stream()
                .mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertThat(chi2).isLessThan(49.7);
    }

    @Test
    void sameSeedSamePermutationAndEdgeSizes() {
        int[] a = Shuffle.permutation(1000, new Random(9));
        assertThat(Shuffle.permutation(1000, new Random(9))).isEqualTo(a);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(a).isNotEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(Shuffle.permutation(0, new Random(1))).isEmpty();
        assertThat(Shuffle.permutation(1, new Random(1))).containsExactly(0);
    }
}
