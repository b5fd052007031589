package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.run.TrainedRun;

/** A model, or a trained run's model, as the ONNX file {@link OnnxContract} describes. */
public final class ModelExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelExport() {
    }

    /**
     * The model with its preset name, class names (or none), configuration and evaluation normalisation.
     *
     * @param normalization the statistics the model trained with
     */
    public static ModelProto of(Model model, String preset, List<String> classNames, Normalization normalization) {
        AugmentConfig eval = Preprocessing.eval(model.config(), normalization).config();
        return OnnxExporter.export(model, ExportMetadata.of(model, preset, json(model.config()), classNames,
                eval.mean(), eval.std()));
    }

    /** A trained run's final model with the class names it recorded. */
    public static ModelProto of(TrainedRun run) {
        try (Model model = run.loadModel()) {
            return of(model, run.config().preset(), run.classNames(), run.config().train().normalization());
        }
    }

    /** Writes the file atomically; returns its size in bytes. */
    public static long write(ModelProto proto, Path file) {
        byte[] bytes = proto.toByteArray();
        AtomicFile.write(file, bytes);
        return bytes.length;
    }

    private static String json(ModelConfig config) {
        try {
            return JSON.writerFor(ModelConfig.class).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // configuration records always serialise
        }
    }
}
