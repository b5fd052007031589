package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** V-MoE's expert buffers on a hand-worked example: who is seated, who is dropped, and the capacity rounding. */
class ExpertCapacityTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void firstChoicesAreSeatedBeforeSecondChoicesAndEarlierRowsFirst() {
        // 4 rows, k 2, E 2, C 0.5: B = round(0.5·2·4/2) = 2 seats per expert.
        NDArray experts = manager.create(new long[] {0, 1, 0, 1, 0, 1, 1, 0}, new Shape(4, 2));
        NDArray gates = manager.create(new float[] {0.6f, 0.4f, 0.7f, 0.3f, 0.8f, 0.2f, 0.9f, 0.1f}, new Shape(4, 2));
        Routing limited = ExpertCapacity.limit(new Routing(manager.zeros(new Shape(4, 2)), experts, gates), 0.5);
        // first choices: rows 0, 1 take expert 0's two seats, row 2 is dropped, row 3 takes a seat of expert 1;
        // second choices: row 0 takes expert 1's last seat, rows 1 and 2 find it full, row 3 finds expert 0 full.
        assertThat(limited.gates().toFloatArray()).containsExactly(0.6f, 0.4f, 0.7f, 0, 0, 0, 0.9f, 0);
        assertThat(limited.experts().toLongArray()).containsExactly(0, 1, 0, 1, 0, 1, 1, 0);
    }

    @Test
    void capacityIsRoundedHalfUpAndAtLeastOne() {
        assertThat(ExpertCapacity.capacity(1.05, 2, 195, 10)).isEqualTo(41);  // 40.95
        assertThat(ExpertCapacity.capacity(1.0, 1, 10, 4)).isEqualTo(3);     // 2.5 → 3 (Python's round would give 2)
        assertThat(ExpertCapacity.capacity(0.75, 2, 51, 4)).isEqualTo(19);   // 19.125, the golden vmoe_token case
        assertThat(ExpertCapacity.capacity(0.01, 1, 4, 4)).isEqualTo(1);
    }
}
