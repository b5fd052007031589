package org.vmoe4j.data;

import org.vmoe4j.data.transform.Pipeline;

/**
 * Measures the input pipeline's throughput: runs a {@link BatchLoader} over an
 * {@link ImageSource} (epoch after epoch if needed) until a number of images or seconds is
 * reached, and reports augmented images per second. The clock starts when the first batch has
 * arrived, so thread start-up and the first JIT compilations are not counted. Prints nothing.
 */
public final class LoaderBench {
    private LoaderBench() {
    }

    /**
     * The measurement.
     *
     * @param images images delivered while the clock ran
     * @param seconds seconds the clock ran
     * @param workers worker threads used
     */
    public record Result(long images, double seconds, int workers) {
        /** Throughput. */
        public double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0.0;
        }
    }

    /**
     * Runs the loader.
     *
     * @param source images to augment (any size; reused epoch after epoch)
     * @param pipeline usually {@link Pipeline#train}
     * @param batchSize images per batch
     * @param workers worker threads
     * @param maxImages stop after this many timed images (0 = no limit)
     * @param maxSeconds stop after this many timed seconds (0 = no limit)
     * @param seed seed of the loader
     */
    public static Result run(ImageSource source, Pipeline pipeline, int batchSize, int workers,
                             long maxImages, double maxSeconds, long seed) {
        if (maxImages <= 0 && maxSeconds <= 0) {
            throw new IllegalArgumentException("give a number of images or of seconds");
        }
        if (source.size() == 0) {
            throw new IllegalArgumentException("no images to benchmark");
        }
        BatchLoader loader = new BatchLoader(source, pipeline, batchSize, true, seed, false,
                workers);
        long images = 0;
        long start = -1;
        long now = 0;
        for (int epoch = 0; ; epoch++) {
            try (BatchLoader.Epoch batches = loader.epoch(epoch)) {
                while (batches.hasNext()) {
                    Batch b = batches.next();
                    now = System.nanoTime();
                    if (start < 0) {
                        start = now;
                        continue;
                    }
                    images += b.size();
                    double seconds = (now - start) / 1e9;
                    if ((maxImages > 0 && images >= maxImages)
                            || (maxSeconds > 0 && seconds >= maxSeconds)) {
                        return new Result(images, seconds, workers);
                    }
                }
            }
        }
    }
}
