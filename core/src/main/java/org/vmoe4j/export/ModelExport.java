package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.io.SafeTensors;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.run.TrainedRun;

/** A model, or a trained run's model, as the ONNX file {@link OnnxContract} describes (and its expert file). */
public final class ModelExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERT_SUFFIX = ".experts.safetensors";

    /**
     * What {@link #write} wrote.
     *
     * @param experts the side file of separated experts, or null
     * @param expertBytes its size, 0 without one
     */
    public record Written(Path onnx, long onnxBytes, Path experts, long expertBytes) {
        public long totalBytes() {
            return onnxBytes + expertBytes;
        }
    }

    private ModelExport() {
    }

    /**
     * The model as ONNX in the form {@code options} asks for, with its preset name, class names (or none),
     * configuration and evaluation normalisation.
     *
     * @param normalization the statistics the model trained with
     */
    public static ExportedModel of(Model model, String preset, List<String> classNames, Normalization normalization,
                                   ExportOptions options) {
        AugmentConfig eval = Preprocessing.eval(model.config(), normalization).config();
        return OnnxExporter.export(model, ExportMetadata.of(model, preset, json(model.config()), classNames,
                eval.mean(), eval.std()), options);
    }

    /** A trained run's final model in the form {@code options} asks for, with the class names it recorded. */
    public static ExportedModel of(TrainedRun run, ExportOptions options) {
        try (Model model = run.loadModel()) {
            return of(model, run.config().preset(), run.classNames(), run.config().train().normalization(), options);
        }
    }

    /** Writes the file atomically; returns its size in bytes. */
    private static long write(ModelProto proto, Path file) {
        byte[] bytes = proto.toByteArray();
        AtomicFile.write(file, bytes);
        return bytes.length;
    }

    /**
     * Writes the ONNX file and, when the experts were separated, their side file beside it ({@link #expertFile}),
     * each atomically, the side file first; the ONNX file's metadata names the side file.
     */
    public static Written write(ExportedModel model, Path file) {
        if (!model.separateExperts()) {
            return new Written(file, write(model.proto(), file), null, 0);
        }
        Path experts = expertFile(file);
        Map<String, String> metadata = Map.of(OnnxContract.EXPERT_CHECKSUMS, property(model.proto(),
                OnnxContract.EXPERT_CHECKSUMS));
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            model.experts().forEach(t -> tensors.put(t.name(), array(t, manager)));
            SafeTensors.write(experts, tensors, metadata);
        }
        ModelProto named = model.proto().toBuilder().addMetadataProps(StringStringEntryProto.newBuilder()
                .setKey(OnnxContract.EXPERT_FILE).setValue(experts.getFileName().toString())).build();
        return new Written(file, write(named, file), experts, size(experts));
    }

    /** The side file of {@code onnx}'s separated experts: {@code NAME.experts.safetensors} for {@code NAME.onnx}. */
    public static Path expertFile(Path onnx) {
        String name = onnx.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
        return onnx.resolveSibling(stem + EXPERT_SUFFIX);
    }

    private static NDArray array(ExpertTensor tensor, NDManager manager) {
        DataType type = tensor.type() == TensorProto.DataType.INT8 ? DataType.INT8 : DataType.FLOAT32;
        ByteBuffer bytes = ByteBuffer.allocateDirect(tensor.bytes().length).order(ByteOrder.LITTLE_ENDIAN)
                .put(tensor.bytes()).flip();                        // DJL reads the bytes as native (little-endian) values
        return manager.create(bytes, new Shape(tensor.dims()), type);
    }

    private static String property(ModelProto proto, String key) {
        return proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals(key)).findFirst().orElseThrow()
                .getValue();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String json(ModelConfig config) {
        try {
            return JSON.writerFor(ModelConfig.class).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // configuration records always serialise
        }
    }
}
