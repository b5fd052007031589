package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.Dispatch;

/** Stochastic depth: per-sample all-or-nothing, scaled to keep the mean, timm's linear rate, off outside training. */
class DropPathTest {
    @Test
    void eachSampleIsDroppedWholeOrScaledByOneOverKeep() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y = manager.ones(new Shape(4000, 3, 2));
            float[] out = DropPath.apply(y, 0.3).toFloatArray();
            int dropped = 0;
            for (int s = 0; s < 4000; s++) {
                float first = out[s * 6];
                assertThat(first).isIn(0f, 1 / 0.7f);
                for (int i = 1; i < 6; i++) {
                    assertThat(out[s * 6 + i]).isEqualTo(first); // the whole sample, not single values
                }
                dropped += first == 0 ? 1 : 0;
            }
            assertThat(dropped / 4000.0).isCloseTo(0.3, within(4 * Math.sqrt(0.3 * 0.7 / 4000)));
        }
    }

    @Test
    void theRateGrowsLinearlyWithDepthAsTimmsLinspace() {
        assertThat(DropPath.rate(0.1, 0, 12)).isZero();
        assertThat(DropPath.rate(0.1, 11, 12)).isCloseTo(0.1, within(1e-12));
        assertThat(DropPath.rate(0.1, 4, 9)).isCloseTo(0.05, within(1e-12));
        assertThat(new ForwardContext(false, false, Dispatch.SPARSE, 0.1).dropPath(11, 12)).isZero();
        assertThat(new ForwardContext(true, true, Dispatch.SPARSE, 0.1).dropPath(11, 12)).isCloseTo(0.1, within(1e-12));
    }
}
