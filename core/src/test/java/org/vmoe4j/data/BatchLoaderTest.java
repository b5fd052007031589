package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.data.transform.Pipeline;

class BatchLoaderTest {
    private static final Pipeline TRAIN = Pipeline.train(AugmentConfig.finetune(8, 3));
    private static final Pipeline EVAL = Pipeline.eval(
            new AugmentConfig(2, 1, 1, 1, 0, org.vmoe4j.data.transform.AutoAugmentPolicy.NONE,
                    new float[] {0f}, new float[] {1f / 255f}));

    /** Image i is 2x2 gray filled with i % 256 (so eval tensors read back the index); label i. */
    private static final class Indexed implements ImageSource {
        private final int size;
        final AtomicInteger reads = new AtomicInteger();
        private final int failAt;

        Indexed(int size, int failAt) {
            this.size = size;
            this.failAt = failAt;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Image image(int i) {
            reads.incrementAndGet();
            if (i == failAt) {
                throw new UserError("image " + i + " is corrupt");
            }
            byte[] p = new byte[4];
            Arrays.fill(p, (byte) i);
            return new Image(2, 2, 1, p);
        }

        @Override
        public int label(int i) {
            return i;
        }
    }

    /** Random 6x6 RGB images, fixed by index. */
    private static final class Noise implements ImageSource {
        @Override
        public int size() {
            return 23;
        }

        @Override
        public Image image(int i) {
            byte[] p = new byte[6 * 6 * 3];
            new Random(i).nextBytes(p);
            return new Image(6, 6, 3, p);
        }

        @Override
        public int label(int i) {
            return i % 5;
        }
    }

    private static List<Batch> all(BatchLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (BatchLoader.Epoch e = loader.epoch(epoch)) {
            e.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void outputDoesNotDependOnTheNumberOfWorkers() {
        List<Batch> one = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 1), 3);
        List<Batch> three = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 3), 3);
        List<Batch> inline = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 0), 3);
        assertThat(one).hasSize(6).hasSameSizeAs(three).hasSameSizeAs(inline);
        for (int b = 0; b < one.size(); b++) {
            assertThat(three.get(b).pixels()).isEqualTo(one.get(b).pixels());
            assertThat(three.get(b).labels()).isEqualTo(one.get(b).labels());
            assertThat(inline.get(b).pixels()).isEqualTo(one.get(b).pixels());
        }
    }

    @Test
    void mixedBatchesDependOnSeedEpochAndBatchOnlyNotOnWorkers() {
        BatchMixing mixing = new BatchMixing(0.8, 1.0, 0.5, 5);
        List<Batch> one = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 1, mixing), 3);
        List<Batch> three = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 3, mixing), 3);
        List<Batch> plain = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 2), 3);
        List<Batch> none = all(new BatchLoader(new Noise(), TRAIN, 4, true, 7, false, 2,
                BatchMixing.NONE), 3);
        java.util.Set<Float> lambdas = new java.util.HashSet<>();
        for (int b = 0; b < one.size(); b++) {
            assertThat(three.get(b).pixels()).isEqualTo(one.get(b).pixels());
            assertThat(three.get(b).targets()).isEqualTo(one.get(b).targets());
            assertThat(one.get(b).targets()).hasSize(one.get(b).size() * 5);
            assertThat(one.get(b).labels()).isEqualTo(plain.get(b).labels());
            assertThat(one.get(b).pixels()).isNotEqualTo(plain.get(b).pixels());
            assertThat(plain.get(b).targets()).isNull();
            assertThat(none.get(b).pixels()).isEqualTo(plain.get(b).pixels());
            assertThat(none.get(b).targets()).isNull();
            // the mixed batch is the plain batch mixed with the batch's own draws
            Batch expected = mixing.apply(plain.get(b), new Random(BatchLoader.batchSeed(7, 3, b)));
            assertThat(one.get(b).pixels()).isEqualTo(expected.pixels());
            assertThat(one.get(b).targets()).isEqualTo(expected.targets());
            float[] t = one.get(b).targets();
            lambdas.add(t[plain.get(b).labels()[0]]);
        }
        assertThat(lambdas).hasSizeGreaterThan(3);
    }

    @Test
    void everyIndexComesExactlyOncePerEpochInADifferentOrder() {
        BatchLoader loader = new BatchLoader(new Indexed(50, -1), EVAL, 8, true, 1, false, 2);
        List<int[]> orders = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = all(loader, epoch).stream()
                    .flatMapToInt(b -> Arrays.stream(b.labels())).toArray();
            assertThat(seen).hasSize(50);
            assertThat(Arrays.stream(seen).sorted().toArray())
                    .isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
            orders.add(seen);
        }
        assertThat(orders.get(0)).isNotEqualTo(orders.get(1));
        assertThat(orders.get(1)).isNotEqualTo(orders.get(2));
        assertThat(loader.order(1)).isEqualTo(orders.get(1));
    }

    @Test
    void pixelsFollowTheLabelsAndTheShapeIsChw() {
        BatchLoader loader = new BatchLoader(new Indexed(10, -1), EVAL, 4, true, 2, false, 2);
        for (Batch b : all(loader, 0)) {
            assertThat(b.channels()).isEqualTo(1);
            assertThat(b.height()).isEqualTo(2);
            assertThat(b.width()).isEqualTo(2);
            for (int i = 0; i < b.size(); i++) {
                // normalised with mean 0, std 1/255: the value is the byte, i.e. the index
                assertThat(b.pixels()[i * 4 + 3]).isCloseTo(b.labels()[i],
                        org.assertj.core.api.Assertions.within(1e-3f));
            }
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheIndexOrder() {
        BatchLoader loader = new BatchLoader(new Indexed(5, -1), EVAL, 2, false, 9, false, 1);
        assertThat(all(loader, 4).stream().flatMapToInt(b -> Arrays.stream(b.labels())))
                .containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void theLastPartialBatchIsKeptUnlessDropped() {
        BatchLoader keep = new BatchLoader(new Indexed(10, -1), EVAL, 4, true, 3, false, 2);
        List<Batch> kept = all(keep, 0);
        assertThat(keep.batchesPerEpoch()).isEqualTo(3);
        assertThat(kept.stream().mapToInt(Batch::size)).containsExactly(4, 4, 2);
        assertThat(kept.get(2).pixels()).hasSize(2 * 4);
        BatchLoader drop = new BatchLoader(new Indexed(10, -1), EVAL, 4, true, 3, true, 2);
        assertThat(drop.batchesPerEpoch()).isEqualTo(2);
        assertThat(all(drop, 0).stream().mapToInt(Batch::size)).containsExactly(4, 4);
    }

    @Test
    void aWorkersErrorReachesTheConsumer() {
        BatchLoader loader = new BatchLoader(new Indexed(40, 17), EVAL, 4, false, 0, false, 3);
        try (BatchLoader.Epoch e = loader.epoch(0)) {
            assertThatThrownBy(() -> {
                while (e.hasNext()) {
                    e.next();
                }
            }).isInstanceOf(UserError.class).hasMessage("image 17 is corrupt");
            assertThat(e.hasNext()).isFalse();
        }
        BatchLoader inline = new BatchLoader(new Indexed(40, 17), EVAL, 4, false, 0, false, 0);
        assertThatThrownBy(() -> all(inline, 0)).isInstanceOf(UserError.class);
    }

    @Test
    void closingAnEpochStopsItsWorkers() throws InterruptedException {
        Indexed source = new Indexed(100_000, -1);
        BatchLoader loader = new BatchLoader(source, EVAL, 10, true, 0, false, 2);
        try (BatchLoader.Epoch e = loader.epoch(0)) {
            e.next();
        }
        Thread.sleep(200);
        int reads = source.reads.get();
        // prefetch is bounded: at most (workers + 2) batches beyond the one consumed, plus
        // the batches being built when closed
        assertThat(reads).isLessThanOrEqualTo(10 * (1 + 2 + 2 + 2));
        Thread.sleep(200);
        assertThat(source.reads.get()).isEqualTo(reads);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vmoe4j-loader-")) {
                t.join(2000);
                assertThat(t.isAlive()).as(t.getName()).isFalse();
            }
        }
    }

    @Test
    void sampleSeedsDependOnSeedEpochAndIndex() {
        long s = BatchLoader.sampleSeed(1, 2, 3);
        assertThat(BatchLoader.sampleSeed(1, 2, 3)).isEqualTo(s);
        assertThat(BatchLoader.sampleSeed(2, 2, 3)).isNotEqualTo(s);
        assertThat(BatchLoader.sampleSeed(1, 3, 3)).isNotEqualTo(s);
        assertThat(BatchLoader.sampleSeed(1, 2, 4)).isNotEqualTo(s);
    }
}
