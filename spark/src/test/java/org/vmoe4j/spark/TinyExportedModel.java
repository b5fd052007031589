package org.vmoe4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.data.MnistReader;
import org.vmoe4j.export.ExportMetadata;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * A small Mobile V-MoE (6 blocks of width 64 at 16x16, patch 4, 4 experts, k = 2: routed per image) with
 * random weights, saved both as safetensors (what {@code vmoe4j predict --weights} reads) and exported to
 * ONNX with the Fashion-MNIST class names and the training normalisation (mean = std = 0.5).
 */
final class TinyExportedModel {
    /** The options that name the model on vmoe4j's command line. */
    static final List<String> CLI_OPTIONS = List.of("--model", "mvmoe-6x64", "--classes", "10", "--image-size", "16",
            "--patch-size", "4", "--channels", "3", "--experts", "4", "--k", "2");
    static final ModelSpec SPEC = new ModelSpec.Builder("mvmoe-6x64").classes(10).input(16, 4, 3).experts(4).k(2).build();
    static final List<String> CLASS_NAMES = MnistReader.FASHION;

    final Path weights;
    final Path onnx;

    private TinyExportedModel(Path weights, Path onnx) {
        this.weights = weights;
        this.onnx = onnx;
    }

    static TinyExportedModel write(Path dir) throws Exception {
        ModelConfig config = SPEC.resolve();
        Path weights = dir.resolve("tiny-mvmoe.safetensors");
        Path onnx = dir.resolve("tiny-mvmoe.onnx");
        try (Model model = Models.build(config, 7)) {
            WeightFile.save(model.parameters().parameters(), weights, Map.of());
            ExportMetadata metadata = ExportMetadata.of(model, SPEC.preset(), new ObjectMapper().writeValueAsString(config),
                    CLASS_NAMES, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
            Files.write(onnx, OnnxExporter.export(model, metadata).toByteArray());
        }
        return new TinyExportedModel(weights, onnx);
    }
}
