package org.vmoe4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vmoe4j-spark baseline}: the job's work without Spark, to measure what Spark costs. The same
 * {@link PartitionClassifier} (read, decode, preprocess, ONNX Runtime, top-5) runs over the same images in
 * this one JVM, split into {@code --workers} contiguous parts that threads classify at once against one
 * session; nothing is written.
 */
@Command(name = "baseline", header = "Classify the same images in one JVM without Spark and print images/s.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The reference for the Spark job's throughput: same inputs, same preprocessing and ONNX Runtime",
            "session, same batches; --workers threads play the part of Spark's task slots.", "",
            "Example:", "  vmoe4j-spark baseline --model m.onnx --data fashion-mnist-sample --workers 2"})
final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE.onnx", required = true, description = "A classifier written by 'vmoe4j export'.")
    Path model;

    @Mixin
    InputOptions input;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Images per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ONNX Runtime threads of the session (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "Threads classifying parts of the images at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || threads < 1 || workers < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size, --threads and --workers must be at least 1");
        }
        JobImages images = input.images();
        List<ImageRef> refs = refs(images);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                List<ImageRef> part = refs.subList(w * refs.size() / workers, (w + 1) * refs.size() / workers);
                parts.add(pool.submit(() -> classify(images.input(), part)));
            }
            long errors = 0;
            for (Future<long[]> part : parts) {
                errors += part.get()[1];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "classified %,d images (%,d errors) in %.1f s with %d workers x %d ONNX Runtime threads:"
                    + " %.1f images/s%n", refs.size(), errors, seconds, workers, threads, refs.size() / seconds);
            out.flush();
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    /** Classifies one part; returns {images, errors}. */
    private long[] classify(ImageInput source, List<ImageRef> part) {
        Iterator<Prediction> predictions = PartitionClassifier.open(model, threads, source, batchSize).classify(part.iterator());
        long[] counts = new long[2];
        while (predictions.hasNext()) {
            counts[0]++;
            counts[1] += predictions.next().error() == null ? 0 : 1;
        }
        return counts;
    }

    /** Every image of the input: a dataset split by index, or the list's lines. */
    private static List<ImageRef> refs(JobImages images) throws IOException {
        if (images instanceof JobImages.FromList list) {
            return list.readLocally();
        }
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < ((JobImages.FromDataset) images).input().source().size(); i++) {
            refs.add(new ImageRef(i, null));
        }
        return refs;
    }
}
