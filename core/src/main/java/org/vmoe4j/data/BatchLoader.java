package org.vmoe4j.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.vmoe4j.data.transform.Pipeline;

/**
 * Turns an {@link ImageSource} into batches through a {@link Pipeline} (SPEC §4 recipes), with
 * worker threads building batches ahead of the consumer.
 *
 * <p>Reproducibility: the order of epoch e is a permutation drawn from (seed, e) (the identity
 * when not shuffling), and the augmentation of dataset index i in epoch e uses a
 * {@code Random} seeded from (seed, e, i) only; mixup/CutMix of batch b (when on) draws from a
 * {@code Random} seeded from (seed, e, b). A batch's content therefore depends on
 * (seed, epoch, batch index) and nothing else, not on the number of workers or their scheduling.
 *
 * <p>Memory: at most {@code workers + 2} batches are built ahead; batches are delivered in
 * order. A worker's exception (e.g. a {@link org.vmoe4j.UserError} for a corrupt image) is
 * rethrown to the consumer by {@link Epoch#next()}. Closing an {@link Epoch} cancels the queued
 * batches, makes the running ones stop at the next image, and ends its threads; an abandoned
 * epoch finishes at most its few prefetched batches and its idle threads exit after a second.
 */
public final class BatchLoader {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageSource source;
    private final Pipeline pipeline;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int workers;
    private final BatchMixing mixing;

    /** A loader without batch mixing. */
    public BatchLoader(ImageSource source, Pipeline pipeline, int batchSize, boolean shuffle,
                       long seed, boolean dropLast, int workers) {
        this(source, pipeline, batchSize, shuffle, seed, dropLast, workers, BatchMixing.NONE);
    }

    /**
     * @param source the images
     * @param pipeline the augmentation and normalisation
     * @param batchSize images per batch (positive)
     * @param shuffle whether each epoch draws a new order
     * @param seed seed of the orders and of every augmentation
     * @param dropLast whether to drop a last batch smaller than {@code batchSize}
     * @param workers threads building batches; 0 builds them on the consumer's thread
     * @param mixing mixup/CutMix applied to every batch ({@link BatchMixing#NONE} for none)
     */
    public BatchLoader(ImageSource source, Pipeline pipeline, int batchSize, boolean shuffle,
                       long seed, boolean dropLast, int workers, BatchMixing mixing) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + workers);
        }
        this.source = source;
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.workers = workers;
        this.mixing = java.util.Objects.requireNonNull(mixing, "mixing (BatchMixing.NONE for none)");
    }

    public int batchSize() {
        return batchSize;
    }

    public int workers() {
        return workers;
    }

    /** Batches per epoch: {@code size / batchSize}, rounded up unless dropping the last. */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset indices in epoch {@code epoch}'s order. */
    public int[] order(int epoch) {
        int n = source.size();
        if (shuffle) {
            return Shuffle.permutation(n, new Random(mix(mix(seed ^ 0x5DEECE66DL) + epoch)));
        }
        return IntStream.range(0, n).toArray();
    }

    /** The seed of the augmentation of dataset index {@code index} in epoch {@code epoch}. */
    public static long sampleSeed(long seed, int epoch, int index) {
        return mix(mix(mix(seed) + epoch) + index);
    }

    /** The seed of the mixing of batch {@code batch} in epoch {@code epoch}. */
    static long batchSeed(long seed, int epoch, int batch) {
        return mix(mix(mix(seed ^ 0x9E3779B97F4A7C15L) + epoch) + batch);
    }

    /** The batches of epoch {@code epoch}. */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch, order(epoch));
    }

    /**
     * Builds batch {@code b} of an epoch with the given order, on the calling thread; gives up
     * between images once {@code owner} (if any) is closed. Workers are never interrupted, so a
     * source reading through an interruptible channel is not closed under another thread.
     */
    Batch build(int epoch, int[] order, int b, Epoch owner) {
        int from = b * batchSize;
        int n = Math.min(batchSize, order.length - from);
        int len = pipeline.tensorLength();
        float[] pixels = new float[n * len];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (owner != null && owner.closed) {
                throw new CancellationException("epoch " + epoch + " closed");
            }
            int index = order[from + i];
            Image img = source.image(index);
            labels[i] = source.label(index);
            pipeline.toTensor(img, new Random(sampleSeed(seed, epoch, index)), pixels, i * len);
        }
        int size = pipeline.config().imageSize();
        Batch batch = new Batch(n, pipeline.config().channels(), size, size, pixels, labels);
        return mixing.enabled() ? mixing.apply(batch, new Random(batchSeed(seed, epoch, b))) : batch;
    }

    /** SplitMix64's finaliser: a bijective mix of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One pass over the data, in order. Not thread-safe: one consumer.
     * Close it (try-with-resources) when stopping early.
     */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int end;
        private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
        private final ThreadPoolExecutor pool;
        private int nextToSubmit;
        private int nextToDeliver;
        private volatile boolean closed;

        private Epoch(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
            this.end = batchesPerEpoch();
            if (workers > 0 && end > 0) {
                pool = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), daemonThreads());
                pool.allowCoreThreadTimeOut(true);
                topUp();
            } else {
                pool = null;
            }
        }

        /** The epoch number. */
        public int epoch() {
            return epoch;
        }

        @Override
        public boolean hasNext() {
            return !closed && nextToDeliver < end;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no batch "
                        + nextToDeliver + (closed ? " (closed)" : ""));
            }
            if (pool == null) {
                try {
                    return build(epoch, order, nextToDeliver++, null);
                } catch (RuntimeException | Error e) {
                    close();
                    throw e;
                }
            }
            Future<Batch> head = ahead.poll();
            nextToDeliver++;
            topUp();
            try {
                Batch b = head.get();
                if (nextToDeliver == end) {
                    close();
                }
                return b;
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("loader worker failed", cause);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a batch");
            }
        }

        /** Cancels the batches in flight and stops the worker threads. Idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Future<Batch> f : ahead) {
                f.cancel(false);
            }
            ahead.clear();
            if (pool != null) {
                pool.shutdown();
            }
        }

        private void topUp() {
            int prefetch = workers + 2;
            while (nextToSubmit < end && ahead.size() < prefetch) {
                int b = nextToSubmit++;
                ahead.add(pool.submit(() -> build(epoch, order, b, this)));
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vmoe4j-loader-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
