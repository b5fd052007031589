package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchMixing;

/** Label smoothing on hard and mixed targets, and the soft cross-entropy, against hand-worked values. */
class SoftTargetsTest {
    private static Batch batch(int... labels) {
        return new Batch(labels.length, 1, 1, 1, new float[labels.length], labels);
    }

    @Test
    void oneHotLabelsAreSmoothedToOneMinusSPlusSOverK() {
        float[] t = SoftTargets.of(batch(1, 0), 4, 0.1);
        assertThat(t).containsExactly(new float[] {0.025f, 0.925f, 0.025f, 0.025f, 0.925f, 0.025f, 0.025f, 0.025f},
                within(1e-7f));
        assertThat(SoftTargets.needed(batch(1), 0)).isFalse();
        assertThat(SoftTargets.needed(batch(1), 0.1)).isTrue();
    }

    @Test
    void mixedTargetsSmoothedEqualMixingSmoothedOneHots() {
        Batch mixed = new BatchMixing(0.8, 0, 0, 3).mixup(batch(0, 2), 0.7); // image 0 with image 1 and back
        assertThat(SoftTargets.needed(mixed, 0)).isTrue();
        float[] t = SoftTargets.of(mixed, 3, 0.3);
        // image 0: 0.7·smooth(0) + 0.3·smooth(2), smooth(c) = 0.7·onehot(c) + 0.1
        assertThat(t).containsExactly(new float[] {0.59f, 0.1f, 0.31f, 0.31f, 0.1f, 0.59f}, within(1e-6f));
    }

    @Test
    void softCrossEntropyOfAHandWorkedRow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // logits (0, ln 2, 0): p = (1/4, 1/2, 1/4); targets of class 1 smoothed by 0.1 over 3 classes
            float[] logits = {0, (float) Math.log(2), 0};
            float[] targets = SoftTargets.of(batch(1), 3, 0.1);
            double expected = -(2 * (0.1 / 3) * Math.log(0.25) + (0.9 + 0.1 / 3) * Math.log(0.5)); // 0.739...
            float loss = Losses.softCrossEntropy(manager.create(logits, new Shape(1, 3)),
                    manager.create(targets, new Shape(1, 3))).getFloat();
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
            // with one-hot targets it is the hard cross-entropy
            float hard = Losses.crossEntropy(manager.create(logits, new Shape(1, 3)), manager.create(new long[] {1}))
                    .getFloat();
            assertThat(Losses.softCrossEntropy(manager.create(logits, new Shape(1, 3)),
                    manager.create(SoftTargets.of(batch(1), 3, 0), new Shape(1, 3))).getFloat()).isEqualTo(hard);
        }
    }
}
