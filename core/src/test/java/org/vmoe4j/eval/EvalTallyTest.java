package org.vmoe4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.nn.Cost;

/** What eval counts, on hand-built predictions whose answers are worked out in the comments. */
class EvalTallyTest {
    private static final Cost COST = new Cost(100, 60, 1000);

    @Test
    void topOneTopFiveAndTheConfusionMatrixCountEveryImageOnce() {
        EvalTally tally = new EvalTally(7, null);
        // labels 0, 3, 6, 6; best five classes per image, best first
        tally.addPredictions(new int[] {0, 3, 6, 6}, new long[] {
            0, 1, 2, 3, 4,   // right at rank 1
            1, 3, 0, 2, 4,   // right at rank 2
            5, 4, 3, 2, 1,   // wrong: 6 not among the five
            6, 0, 1, 2, 3}, null);
        tally.addPredictions(new int[] {3}, new long[] {2, 1, 0, 4, 3}, null); // right at rank 5
        EvalResult r = tally.result(1, List.of(), COST);
        assertThat(r.images()).isEqualTo(5);
        assertThat(r.top1()).isEqualTo(2 / 5.0);
        assertThat(r.top5()).isEqualTo(4 / 5.0);
        assertThat(r.confusion()[0][0]).isEqualTo(1);
        assertThat(r.confusion()[3][1]).isEqualTo(1);
        assertThat(r.confusion()[3][2]).isEqualTo(1);
        assertThat(r.confusion()[6][5]).isEqualTo(1);
        assertThat(r.confusion()[6][6]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(r.confusion()).flatMapToLong(java.util.Arrays::stream).sum()).isEqualTo(5);
        assertThat(r.routerAccuracy()).isNaN();
        assertThat(r.cost()).isEqualTo(COST);
    }

    @Test
    void routerAccuracyComparesTheRoutersBestExpertWithTheLabelsGroup() {
        // classes 0, 1 -> group 0; class 2 -> group 1
        EvalTally tally = new EvalTally(3, SuperClasses.numbered(new int[] {0, 0, 1}, 2));
        tally.addPredictions(new int[] {0, 1, 2, 2}, new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2},
                new long[] {0, 1, 1, 0}); // right, wrong, right, wrong
        assertThat(tally.result(1, List.of(), COST).routerAccuracy()).isEqualTo(0.5);
    }

    @Test
    void perImageRoutingLoadsExpertsByImageAndReachesKExperts() {
        EvalTally tally = new EvalTally(2, null);
        tally.addPredictions(new int[] {0, 1, 0, 1}, new long[] {0, 1, 0, 1, 0, 1, 0, 1}, null);
        tally.addRouting(0, new long[] {0, 2, 1, 2, 1, 2, 1, 0}, 3, 4); // k = 2 per image
        EvalResult r = tally.result(1, List.of(500L), COST);
        assertThat(r.expertLoad().get(0)).containsExactly(2 / 8.0, 3 / 8.0, 3 / 8.0);
        assertThat(r.distinctExperts()).containsExactly(2.0);
        assertThat(r.expertParams()).containsExactly(2 * 500.0);
    }

    @Test
    void perTokenRoutingCountsTheDistinctExpertsAnImagesTokensReach() {
        EvalTally tally = new EvalTally(2, null);
        tally.addPredictions(new int[] {0, 1}, new long[] {0, 1, 0, 1}, null);
        // two MoE layers; 3 tokens per image, k = 1: image 0 reaches {0, 1} then {2}, image 1 reaches {2} then {0, 1, 2}
        tally.addRouting(0, new long[] {0, 0, 1, 2, 2, 2}, 3, 2);
        tally.addRouting(1, new long[] {2, 2, 2, 0, 1, 2}, 3, 2);
        EvalResult r = tally.result(1, List.of(10L, 20L), COST);
        assertThat(r.distinctExperts()).containsExactly((2 + 1) / 2.0, (1 + 3) / 2.0);
        assertThat(r.expertParams()).containsExactly(1.5 * 10, 2.0 * 20);
        assertThat(r.expertLoad().get(1)).containsExactly(1 / 6.0, 1 / 6.0, 4 / 6.0);
    }
}
