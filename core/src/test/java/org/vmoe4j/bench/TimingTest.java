package org.vmoe4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timed loop: what it runs, and how images/s, the mean and the median follow from the timed batches. */
class TimingTest {
    @Test
    void timesOnlyTheIterationsAfterTheWarmup() {
        AtomicInteger calls = new AtomicInteger();
        // warm-up calls 0 and 1 sleep 200 ms; the 5 timed ones 10, 10, 10, 40, 40 ms
        Timing.Result r = Timing.measure(4, 2, 5, 1_000_000, () -> sleep(switch (calls.getAndIncrement()) {
            case 0, 1 -> 200;
            case 2, 3, 4 -> 10;
            default -> 40;
        }));
        assertThat(calls.get()).isEqualTo(7);
        assertThat(r.millisMedian()).as("median of 10, 10, 10, 40, 40").isBetween(10.0, 39.0);
        assertThat(r.millisPerBatch()).as("mean: 22 ms, no warm-up in it").isBetween(22.0, 100.0);
        assertThat(r.imagesPerSecond()).isCloseTo(4 * 1000 / r.millisPerBatch(), within(1e-9));
        assertThat(r.gigaflops()).isCloseTo(r.imagesPerSecond() * 1e6 / 1e9, within(1e-9));
    }

    @Test
    void theMedianOfAnEvenCountIsTheUpperMiddleValue() {
        assertThat(Timing.median(new double[] {4, 1, 3, 2})).isEqualTo(3);
        assertThat(Timing.median(new double[] {5, 1, 9})).isEqualTo(5);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
