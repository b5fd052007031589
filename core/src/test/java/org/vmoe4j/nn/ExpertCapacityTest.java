package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.VisionTransformer;

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

    /** Buffers bind in training only: at inference a tight ratio gives the logits of unbounded buffers. */
    @Test
    void theCapacityActsInTrainingAndNotAtInference() {
        VitConfig vit = VitConfig.builder().imageSize(8).patchSize(4).dim(16).depth(2).heads(2).classes(3).build();
        MoeConfig tight = MoeConfig.mobileVMoe().sized(4, 1, 1, MoeConfig.Router.TOKEN).routedBy(
                org.vmoe4j.config.Routing.LEARNED_TOKEN, 0.01);
        MoeConfig unbounded = new MoeConfig(4, 1, 1, MoeConfig.Router.TOKEN, 0, 0, 1, 0);
        try (VisionTransformer a = new VisionTransformer(vit.withMoe(tight), 1);
             VisionTransformer b = new VisionTransformer(vit.withMoe(unbounded), 1)) {
            NDArray images = manager.randomNormal(new Shape(6, 3, 8, 8));
            ForwardContext inference = ForwardContext.forInference();
            assertThat(a.forward(images, inference).logits().toFloatArray())
                    .containsExactly(b.forward(images, ForwardContext.forInference()).logits().toFloatArray());
            ForwardContext training = new ForwardContext(true, false, Dispatch.SPARSE); // no noise: same routing
            assertThat(a.forward(images, training).logits().toFloatArray())
                    .isNotEqualTo(b.forward(images, new ForwardContext(true, false, Dispatch.SPARSE)).logits()
                            .toFloatArray());
        }
    }

    @Test
    void capacityIsRoundedHalfUpAndAtLeastOne() {
        assertThat(ExpertCapacity.capacity(1.05, 2, 195, 10)).isEqualTo(41);  // 40.95
        assertThat(ExpertCapacity.capacity(1.0, 1, 10, 4)).isEqualTo(3);     // 2.5 → 3 (Python's round would give 2)
        assertThat(ExpertCapacity.capacity(0.75, 2, 51, 4)).isEqualTo(19);   // 19.125, the golden vmoe_token case
        assertThat(ExpertCapacity.capacity(0.01, 1, 4, 4)).isEqualTo(1);
    }
}
