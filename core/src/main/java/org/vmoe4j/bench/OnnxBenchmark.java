package org.vmoe4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.InMemoryImageSource;
import org.vmoe4j.eval.RunInference;
import org.vmoe4j.export.Calibration;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.ExportedModel;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.export.Quantization;
import org.vmoe4j.model.Model;
import org.vmoe4j.runtime.OnnxClassifier;
import org.vmoe4j.runtime.PageCache;

/**
 * A built model exported to ONNX for the occasion (to temporary files, removed on {@link #close}) and run by ONNX
 * Runtime ({@link OnnxClassifier}): how long the export and the session took, and the speed of forward passes over
 * random normalised pixels, including the copy of the pixels in and of the outputs back (what
 * {@link OnnxClassifier#run} costs a caller). With lazy experts the side file is evicted from the page cache before
 * the session maps it, as a model file on storage is before its first use ({@link PageCache}).
 */
public final class OnnxBenchmark implements AutoCloseable {
    /**
     * Intra-op threads at batch 1 unless told otherwise: 1 was faster than 2 for vit-6x64 and mvmoe-6x64 (median
     * and fastest run, twice each, on the 2-core development machine under a load average of 6 to 9).
     */
    public static final int BATCH_1_THREADS = 1;
    /** Random images static int8 calibrates on when benchmarking (they set ranges, not speed). */
    private static final int CALIBRATION_IMAGES = 64;

    /**
     * How the session came to be.
     *
     * @param exportMillis export (with calibration for static int8) and writing the files
     * @param sessionMillis ONNX Runtime's session creation (graph optimisation included) and, with lazy experts, the
     *                      mapping of the side file
     * @param expertBytes the side file's size; 0 without lazy experts
     * @param evicted true when the side file was evicted from the page cache before it was mapped
     */
    public record Load(double exportMillis, double sessionMillis, long onnxBytes, long expertBytes, boolean evicted) {
    }

    private final OnnxClassifier classifier;
    private final ModelExport.Written files;
    private final Load load;

    private OnnxBenchmark(OnnxClassifier classifier, ModelExport.Written files, Load load) {
        this.classifier = classifier;
        this.files = files;
        this.load = load;
    }

    /** The default intra-op threads for batches of {@code batch} images: see {@link #BATCH_1_THREADS}; else every core. */
    public static int defaultThreads(int batch) {
        return batch == 1 ? BATCH_1_THREADS : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Exports {@code model} in the form asked (mean/std 0.5, no class names) and opens it with {@code threads} intra-op
     * threads.
     *
     * @param lazyExperts the experts of a Mobile V-MoE routed per image in a memory-mapped side file
     */
    public static OnnxBenchmark open(Model model, String preset, Quantization quantization, boolean lazyExperts,
                                     int threads) {
        long start = System.nanoTime();
        ExportOptions options = options(model, quantization);
        ExportedModel exported = ModelExport.of(model, preset, List.of(), Normalization.HALF,
                lazyExperts ? options.withSeparateExperts() : options);
        Path file = RunInference.exported(exported);
        ModelExport.Written files = written(file, exported.separateExperts() ? ModelExport.expertFile(file) : null);
        boolean evicted = files.experts() != null && evict(files.experts());
        double exportMillis = millisSince(start);
        start = System.nanoTime();
        OnnxClassifier classifier = OnnxClassifier.open(file, threads);
        Load load = new Load(exportMillis, millisSince(start), files.onnxBytes(), files.expertBytes(), evicted);
        return new OnnxBenchmark(classifier, files, load);
    }

    public OnnxClassifier classifier() {
        return classifier;
    }

    public Load load() {
        return load;
    }

    /** Times forward passes of {@code batch} random images (seeded N(0, 1) pixels). */
    public Timing.Result forward(int batch, int warmup, int iterations) {
        float[] pixels = RandomImages.normal(batch * classifier.info().imageLength(), 0);
        return Timing.measure(batch, warmup, iterations, classifier.info().flopsPerImage(),
                () -> classifier.run(pixels, batch));
    }

    @Override
    public void close() {
        classifier.close();
        delete(files.onnx());
        if (files.experts() != null) {
            delete(files.experts()); // a mapping outlives the name; the classifier has unmapped it anyway
        }
    }

    private static ExportOptions options(Model model, Quantization quantization) {
        return switch (quantization) {
            case FLOAT32 -> ExportOptions.float32();
            case INT8 -> ExportOptions.int8();
            case INT8_STATIC -> ExportOptions.int8Static(Calibration.measure(model, Normalization.HALF,
                    calibrationImages(model.config()), CALIBRATION_IMAGES));
        };
    }

    /** Uniformly random 8-bit images, as many as calibration takes. */
    private static ImageSource calibrationImages(ModelConfig config) {
        byte[] pixels = new byte[CALIBRATION_IMAGES * config.imageSize() * config.imageSize() * config.channels()];
        new Random(0).nextBytes(pixels);
        return new InMemoryImageSource(config.imageSize(), config.imageSize(), config.channels(), pixels,
                new int[CALIBRATION_IMAGES]);
    }

    private static ModelExport.Written written(Path onnx, Path experts) {
        try {
            return new ModelExport.Written(onnx, Files.size(onnx), experts, experts == null ? 0 : Files.size(experts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean evict(Path file) {
        try {
            return PageCache.evict(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; deleteOnExit (RunInference.exported) tries again
        }
    }

    static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }
}
