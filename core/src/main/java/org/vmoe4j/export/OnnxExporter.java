package org.vmoe4j.export;

import ai.djl.ndarray.NDScope;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.Model;

/**
 * Turns a built vmoe4j model into a standard ONNX model that replicates its inference forward pass
 * ({@code ForwardContext.forInference()}: no dropout, no gating noise), under {@link OnnxContract}.
 * Classifiers (ViT, Mobile V-MoE, V-MoE, mLiT) give their logits; a {@code MaeAutoencoder} gives its
 * encoder's tokens for the whole image. The graph is built with tribuo's ONNX builder ({@link OnnxGraph}).
 */
public final class OnnxExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExporter() {
    }

    /** The model as float32 ONNX, with {@code metadata} and what the model says about itself in the file's metadata. */
    public static ModelProto export(Model model, ExportMetadata metadata) {
        return export(model, metadata, ExportOptions.float32()).proto();
    }

    /** The model as ONNX in the form {@code options} asks for; the metadata also records that form. */
    public static ExportedModel export(Model model, ExportMetadata metadata, ExportOptions options) {
        ModelConfig config = model.config();
        OnnxContract.Family family = family(config);
        check(config, family, metadata, options);
        OnnxGraph graph = new OnnxGraph();
        Weights weights = new Weights(model.parameters().parameters(), graph, options);
        try (NDScope scope = new NDScope()) {
            Layers layers = new Layers(graph, weights, new MatrixProduct(graph, options));
            ONNXRef<?> images = graph.input(OnnxContract.INPUT, OnnxGraph.BATCH_DIM, config.channels(),
                    config.imageSize(), config.imageSize());
            if (config instanceof VitConfig vit) {
                VitExport.build(layers, vit, images);
            } else if (config instanceof MlitConfig mlit) {
                MlitExport.classifier(layers, mlit, images);
            } else {
                MlitExport.encoder(layers, ((MaeConfig) config).encoder(), images);
            }
        }
        Map<String, String> properties = properties(config, family, metadata);
        properties.putAll(form(options, weights.separated()));
        return new ExportedModel(graph.model("vmoe4j-" + family.id(), properties), weights.separated());
    }

    /** The family a configuration exports as. */
    public static OnnxContract.Family family(ModelConfig config) {
        if (config instanceof VitConfig vit) {
            return vit.moe() == null ? OnnxContract.Family.VIT
                    : vit.moe().router() == MoeConfig.Router.TOKEN ? OnnxContract.Family.VMOE : OnnxContract.Family.MVMOE;
        }
        return config instanceof MlitConfig ? OnnxContract.Family.MLIT : OnnxContract.Family.MMLIT_ENCODER;
    }

    /** Classes of the exported head: 0 for the mmLiT encoder, which has none. */
    public static int classes(ModelConfig config) {
        return config instanceof VitConfig vit ? vit.classes() : config instanceof MlitConfig mlit ? mlit.classes() : 0;
    }

    private static void check(ModelConfig config, OnnxContract.Family family, ExportMetadata metadata, ExportOptions options) {
        if (options.separateExperts() && !family.routedPerImage()) {
            throw new IllegalArgumentException("only a model routed per image runs a subset of its experts' weights; this is "
                    + family.id());
        }
        if (metadata.mean().length != config.channels() || metadata.std().length != config.channels()) {
            throw new IllegalArgumentException("mean and std need " + config.channels() + " values each, got "
                    + metadata.mean().length + " and " + metadata.std().length);
        }
        int names = metadata.classNames().size();
        if (names != 0 && names != classes(config)) {
            throw new IllegalArgumentException(names + " class names for a " + family.id() + " model with "
                    + classes(config) + " classes");
        }
    }

    private static Map<String, String> properties(ModelConfig config, OnnxContract.Family family, ExportMetadata metadata) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(OnnxContract.FORMAT_KEY, OnnxContract.FORMAT);
        properties.put(OnnxContract.PRESET, metadata.preset());
        properties.put(OnnxContract.FAMILY, family.id());
        properties.put(OnnxContract.CONFIG, metadata.configJson());
        properties.put(OnnxContract.IMAGE_SIZE, Integer.toString(config.imageSize()));
        properties.put(OnnxContract.CHANNELS, Integer.toString(config.channels()));
        properties.put(OnnxContract.MEAN, floats(metadata.mean()));
        properties.put(OnnxContract.STD, floats(metadata.std()));
        try {
            properties.put(OnnxContract.CLASS_NAMES, JSON.writeValueAsString(metadata.classNames()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        properties.put(OnnxContract.FLOPS, Long.toString(metadata.flopsPerImage()));
        properties.put(OnnxContract.PARAMS, Long.toString(metadata.params()));
        properties.put(OnnxContract.ACTIVE_PARAMS, Long.toString(metadata.activeParams()));
        properties.put(OnnxContract.EXPERT_PARAMS, metadata.expertParams().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")));
        return properties;
    }

    /** The quantization and, for separated experts, their checksums (the file name is added when written). */
    private static Map<String, String> form(ExportOptions options, List<ExpertTensor> separated) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(OnnxContract.QUANTIZATION, options.quantization().id());
        if (options.ranges() != null) {
            properties.put(OnnxContract.CALIBRATION_IMAGES, Integer.toString(options.ranges().images()));
        }
        if (!separated.isEmpty()) {
            List<ByteBuffer> stacks = separated.stream().map(t -> ByteBuffer.wrap(t.bytes())).toList();
            properties.put(OnnxContract.EXPERT_CHECKSUMS, ExpertChecksums.all(stacks, separated.get(0).experts()));
        }
        return properties;
    }

    private static String floats(float[] values) {
        StringBuilder text = new StringBuilder();
        for (float v : values) {
            text.append(text.length() == 0 ? "" : ",").append(v);
        }
        return text.toString();
    }
}
