package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** ML Eq. 16 on a case small enough to work out by hand. */
class MaeLossTest {

    @Test
    void maskedAndVisiblePatchesAreAveragedSeparately() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // one image, 4 patches of 2 values; patch errors: (1+1)/2 = 1, (4+0)/2 = 2, 0, (9+9)/2 = 9
            NDArray predicted = manager.create(new float[] {1, 1, 2, 0, 5, 5, 3, 3}, new Shape(1, 4, 2));
            NDArray target = manager.create(new float[] {0, 0, 0, 0, 5, 5, 0, 0}, new Shape(1, 4, 2));
            NDArray keep = manager.create(new long[] {1, 2}, new Shape(1, 2)); // patches 0 and 3 are hidden
            MaeLoss loss = MaeLoss.of(predicted, target, keep, manager.create(0.4f), 0.1, 0.5);
            assertThat(loss.masked().getFloat()).isCloseTo((1 + 9) / 2f, within(1e-6f));
            assertThat(loss.unmasked().getFloat()).isCloseTo((2 + 0) / 2f, within(1e-6f));
            assertThat(loss.total().getFloat()).isCloseTo(5 + 0.1f * 1 + 0.5f * 0.4f, within(1e-6f));
        }
    }
}
