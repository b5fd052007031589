package org.vmoe4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.InMemoryImageSource;
import org.vmoe4j.export.Calibration;
import org.vmoe4j.export.ExportMetadata;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.export.Quantization;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * How fast ONNX Runtime runs an exported classifier: the median wall time of one batch, over random
 * normalised pixels, including the copy of the pixels in and of the outputs back (what {@link
 * OnnxClassifier#run} costs a caller). No CLI yet; {@link #main} measures presets with random weights, in float32 or
 * int8 (static int8 calibrated on random images, which sets ranges but not speed):
 * {@code java -cp core/target/vmoe4j.jar org.vmoe4j.runtime.LatencyHarness [--threads N] [--quantize int8] PRESET...}.
 */
public final class LatencyHarness {
    /**
     * Milliseconds per batch of {@code batch} images: the median, and the fastest run (a hint of the
     * speed without other processes on the machine).
     */
    public record Result(int batch, double medianMillis, double minMillis) {
        public double imagesPerSecond() {
            return batch * 1000 / medianMillis;
        }
    }

    private LatencyHarness() {
    }

    /** Runs {@code warmup} untimed batches, then times {@code iterations} batches one by one. */
    public static Result measure(OnnxClassifier model, int batch, int warmup, int iterations) {
        float[] pixels = new float[batch * model.info().imageLength()];
        Random random = new Random(0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < warmup; i++) {
            model.run(pixels, batch);
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            model.run(pixels, batch);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Result(batch, millis[iterations / 2], millis[0]);
    }

    /** Exports each named preset (random weights) to a temporary file and prints its load time and speed. */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        int threads = 1;
        Quantization quantization = Quantization.FLOAT32;
        List<String> presets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--quantize")) {
                quantization = Quantization.of(args[++i]);
            } else {
                presets.add(args[i]);
            }
        }
        for (String preset : presets) {
            Path file = Files.createTempFile(preset, ".onnx");
            try {
                exportRandom(preset, quantization, file);
                long start = System.nanoTime();
                try (OnnxClassifier model = OnnxClassifier.open(file, threads)) {
                    double loadMillis = (System.nanoTime() - start) / 1e6;
                    Result one = measure(model, 1, 200, 1000);
                    Result many = measure(model, 32, 5, 30);
                    System.out.printf("%-12s %s, %,d bytes, %d thread(s): load %.0f ms, batch 1 median %.3f ms (fastest %.3f), "
                            + "batch 32 median %.2f ms (fastest %.2f): %.0f images/s%n", preset, quantization.id(),
                            Files.size(file), threads, loadMillis, one.medianMillis(), one.minMillis(), many.medianMillis(),
                            many.minMillis(), many.imagesPerSecond());
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void exportRandom(String preset, Quantization quantization, Path file) throws IOException {
        ModelConfig config = ModelPresets.get(preset).config();
        try (Model model = Models.build(config, 0)) {
            AugmentConfig eval = AugmentConfig.eval(config.imageSize(), config.channels());
            ExportMetadata metadata = ExportMetadata.of(model, preset, "{}", List.of(), eval.mean(), eval.std());
            ExportOptions options = switch (quantization) {
                case FLOAT32 -> ExportOptions.float32();
                case INT8 -> ExportOptions.int8();
                case INT8_STATIC -> ExportOptions.int8Static(Calibration.measure(model, org.vmoe4j.config.Normalization.HALF, randomImages(config, 64), 64));
            };
            Files.write(file, OnnxExporter.export(model, metadata, options).proto().toByteArray());
        }
    }

    private static ImageSource randomImages(ModelConfig config, int count) {
        byte[] pixels = new byte[count * config.imageSize() * config.imageSize() * config.channels()];
        new Random(0).nextBytes(pixels);
        return new InMemoryImageSource(config.imageSize(), config.imageSize(), config.channels(), pixels, new int[count]);
    }
}
