package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.vmoe4j.model.Model;

/** Tiny random models, their export to a file and random images, for the ONNX tests. */
public final class OnnxTestModels {
    private OnnxTestModels() {
    }

    /**
     * Overwrites every parameter with seeded random values (weights N(0, 0.2²), norm scales 1 + N(0, 0.1²)),
     * so that gates and norms are not at their symmetric initial values and no two experts tie.
     */
    public static void randomize(Model model, long seed) {
        Random random = new Random(seed);
        model.parameters().parameters().forEach((name, p) -> {
            float[] values = new float[Math.toIntExact(p.size())];
            boolean normScale = name.matches(".*norm\\d?\\.weight");
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (normScale ? 1 + 0.1 * random.nextGaussian() : 0.2 * random.nextGaussian());
            }
            try (NDManager scratch = NDManager.newBaseManager()) {
                p.set(new NDIndex("..."), scratch.create(values, p.getShape()));
            }
        });
    }

    /** Metadata with the model's own cost, mean/std 0.5 and no class names. */
    public static ExportMetadata metadata(Model model, String preset) {
        int channels = model.config().channels();
        float[] half = new float[channels];
        java.util.Arrays.fill(half, 0.5f);
        return ExportMetadata.of(model, preset, "{}", List.of(), half, half);
    }

    /** Exports the model into {@code dir} and returns the file. */
    public static Path export(Model model, ExportMetadata metadata, Path dir) throws IOException {
        Path file = dir.resolve(metadata.preset() + ".onnx");
        Files.write(file, OnnxExporter.export(model, metadata).toByteArray());
        return file;
    }

    /** {@code batch} images of N(0, 1) pixels in CHW order, image after image. */
    public static float[] images(Model model, int batch, long seed) {
        var c = model.config();
        Random random = new Random(seed);
        float[] pixels = new float[batch * c.channels() * c.imageSize() * c.imageSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return pixels;
    }

    /** The same pixels as a DJL array [batch, C, H, W]. */
    public static NDArray array(Model model, float[] pixels, int batch, NDManager manager) {
        var c = model.config();
        return manager.create(pixels, new Shape(batch, c.channels(), c.imageSize(), c.imageSize()));
    }
}
