package org.vmoe4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.vmoe4j.runtime.MappedExperts;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * What lazy experts save (issue 13), measured so that anyone can repeat it with {@code bench --lazy-experts}: a
 * Mobile V-MoE exported with its experts in a side file that was evicted from the page cache before the session
 * mapped it ({@link OnnxBenchmark}) classifies random images one at a time until they have reached three different
 * experts; after each image, the resident bytes of the side file's mapping ({@link MappedExperts#residentBytes()}) and
 * the latency. The same images then run again, every expert they use now resident (the steady state), and through the
 * model exported with every expert in its graph, whose logits and experts must be exactly the same.
 */
public final class LazyExpertsProbe {
    /** Images tried at most to reach three experts. */
    static final int MAX_IMAGES = 64;
    private static final int EXPERTS_WANTED = 3;

    /**
     * One image at batch 1.
     *
     * @param firstUse true when one of its experts had not been used before
     * @param residentBytes the side file's resident bytes after it; -1 when unknown (not Linux)
     */
    public record Image(long[] experts, boolean firstUse, double millis, long residentBytes) {
    }

    /**
     * The whole graph on the same images.
     *
     * @param sameExperts every image routed to the same experts
     * @param maxLogitDifference the largest absolute difference of a logit (0 when identical)
     */
    public record Comparison(int images, boolean sameExperts, double maxLogitDifference) {
        public boolean identical() {
            return sameExperts && maxLogitDifference == 0;
        }
    }

    /**
     * @param residentAtOpen the side file's resident bytes right after the session opened
     * @param steadyMillisMedian batch-1 latency of the same images once their experts are resident, median
     */
    public record Report(long sideFileBytes, int experts, long residentAtOpen, List<Image> images,
                         double steadyMillisMedian, Comparison comparison) {
        /** The side file's bytes per expert. */
        public long expertBytes() {
            return sideFileBytes / experts;
        }

        public int distinctExperts() {
            return (int) images.stream().flatMapToLong(i -> Arrays.stream(i.experts())).distinct().count();
        }

        /** Resident bytes after the image that brought the third expert in (or after the last image). */
        public long residentAfterThreeExperts() {
            Image last = images.get(images.size() - 1);
            return last.residentBytes();
        }

        /** Median latency of the images after the first that needed an expert not used before; NaN when none. */
        public double firstUseMillisMedian() {
            double[] millis = images.stream().skip(1).filter(Image::firstUse).mapToDouble(Image::millis).toArray();
            return millis.length == 0 ? Double.NaN : Timing.median(millis);
        }
    }

    private LazyExpertsProbe() {
    }

    /**
     * Probes {@code session}, over separated experts not yet used, then compares it with the whole graph that
     * {@code whole} opens (and that is closed here).
     *
     * @param steadyRounds how many times the images run again for the steady state
     */
    public static Report measure(OnnxBenchmark session, Supplier<OnnxBenchmark> whole, int steadyRounds) {
        OnnxClassifier lazy = session.classifier();
        MappedExperts experts = lazy.experts();
        if (experts == null) {
            throw new IllegalArgumentException("the model holds its experts in its graph");
        }
        long residentAtOpen = experts.residentBytes();
        int length = lazy.info().imageLength();
        List<float[]> pixels = new ArrayList<>();
        List<OnnxClassifier.Output> outputs = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < MAX_IMAGES && used.size() < EXPERTS_WANTED; i++) {
            float[] image = RandomImages.normal(length, 1 + i);
            long start = System.nanoTime();
            OnnxClassifier.Output out = lazy.run(image, 1);
            double millis = OnnxBenchmark.millisSince(start);
            boolean firstUse = false;
            for (long expert : out.experts()) {
                firstUse |= used.add(expert);
            }
            images.add(new Image(out.experts(), firstUse, millis, experts.residentBytes()));
            pixels.add(image);
            outputs.add(out);
        }
        double steady = steadyMillis(lazy, pixels, steadyRounds);
        try (OnnxBenchmark full = whole.get()) {
            return new Report(session.load().expertBytes(), experts.experts(), residentAtOpen, images, steady,
                    compare(full.classifier(), pixels, outputs));
        }
    }

    private static double steadyMillis(OnnxClassifier lazy, List<float[]> pixels, int rounds) {
        double[] millis = new double[pixels.size() * rounds];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (float[] image : pixels) {
                long start = System.nanoTime();
                lazy.run(image, 1);
                millis[n++] = OnnxBenchmark.millisSince(start);
            }
        }
        return Timing.median(millis);
    }

    private static Comparison compare(OnnxClassifier whole, List<float[]> pixels, List<OnnxClassifier.Output> lazy) {
        boolean sameExperts = true;
        double maxDifference = 0;
        for (int i = 0; i < pixels.size(); i++) {
            OnnxClassifier.Output expected = whole.run(pixels.get(i), 1);
            sameExperts &= Arrays.equals(expected.experts(), lazy.get(i).experts());
            for (int j = 0; j < expected.logits().length; j++) {
                maxDifference = Math.max(maxDifference, Math.abs(expected.logits()[j] - lazy.get(i).logits()[j]));
            }
        }
        return new Comparison(pixels.size(), sameExperts, maxDifference);
    }
}
