package org.vmoe4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The timed loop every benchmark runs, whatever the engine: {@code warmup} untimed batches, then {@code iterations}
 * batches timed one by one with the wall clock and the process's CPU clock.
 */
public final class Timing {
    /**
     * One phase: images per second and achieved GFLOP/s over all timed batches, mean and median wall time of one
     * batch, and the process's CPU time per batch (all threads; a measure that other processes disturb less).
     */
    public record Result(double imagesPerSecond, double gigaflops, double millisPerBatch, double millisMedian,
                         double cpuMillisPerBatch) {
    }

    private Timing() {
    }

    /** Times {@code step}, which runs one batch of {@code batch} images of {@code flopsPerImage} each. */
    public static Result measure(int batch, int warmup, int iterations, long flopsPerImage, Runnable step) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] millis = new double[iterations];
        long cpuStart = cpuNanos();
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            step.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double cpuMillis = (cpuNanos() - cpuStart) / 1e6 / iterations;
        double seconds = Arrays.stream(millis).sum() / 1000;
        double imagesPerSecond = (double) batch * iterations / seconds;
        return new Result(imagesPerSecond, imagesPerSecond * flopsPerImage / 1e9, seconds * 1000 / iterations,
                median(millis), cpuMillis);
    }

    /** The median of {@code values} (the upper one of an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Milliseconds since the JVM started. */
    public static double sinceJvmStart() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
