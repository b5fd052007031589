package org.vmoe4j.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.export.ExportMetadata;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.io.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j export}: a model and its weights as a standard ONNX file (see {@code export.OnnxContract}). */
@Command(name = "export", header = "Write a model with its weights as a standard ONNX file.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a model (a preset and its options, with a safetensors weight file) to ONNX, opset 17,",
            "for any ONNX runtime. Input 'images' float32 [N, C, H, W] normalised as in training; outputs",
            "'logits' [N, classes], and for Mobile V-MoE routed per image 'experts' int64 [N, k] and 'gates'",
            "[N, k]; for mmlit-* the encoder's 'tokens' [N, T, m]. The file's metadata carries the preset,",
            "configuration, input size, mean/std, class names, FLOPs and parameters per image.", "",
            "Examples:", "  vmoe4j export --model mlit-xxs --classes 10 --weights model.safetensors --out mlit.onnx",
            "  vmoe4j export --model mvmoe-6x64 --weights w.safetensors --classes-file classes.json --out m.onnx"})
public final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "A safetensors file for the model given by --model.")
    Path weights;

    @Option(names = "--classes-file", paramLabel = "FILE.json",
            description = "Class names in head order as a JSON array (a run's classes.json); written into the file.")
    Path classesFile;

    @Option(names = "--out", paramLabel = "FILE.onnx", required = true, description = "The ONNX file to write (replaced atomically).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelConfig config = modelOptions.resolve();
        Path directory = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new UserError(out + ": the directory " + directory + " does not exist");
        }
        List<String> names = classesFile == null ? List.of() : readClassNames();
        int classes = OnnxExporter.classes(config);
        if (!names.isEmpty() && names.size() != classes) {
            throw new UserError(classesFile + ": " + names.size() + " class names, the exported model has " + classes + " classes");
        }
        ModelProto proto;
        try (Model model = Models.load(config, weights)) {
            AugmentConfig eval = AugmentConfig.eval(config.imageSize(), config.channels());
            ExportMetadata metadata = ExportMetadata.of(model, modelOptions.spec().preset(), JSON.writeValueAsString(config),
                    names, eval.mean(), eval.std());
            proto = OnnxExporter.export(model, metadata);
        }
        byte[] bytes = proto.toByteArray();
        AtomicFile.write(out, bytes);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s (%,d bytes): %s, ONNX opset %d%n", out, bytes.length, OnnxExporter.family(config).id(),
                proto.getOpsetImport(0).getVersion());
        printer.printf("  input   %s%n", describe(proto.getGraph().getInputList()));
        printer.printf("  outputs %s%n", describe(proto.getGraph().getOutputList()));
        printer.flush();
        return 0;
    }

    private List<String> readClassNames() {
        try {
            return List.of(JSON.readValue(classesFile.toFile(), String[].class));
        } catch (IOException | NullPointerException e) {
            throw new UserError(classesFile + ": expected a JSON array of class names ("
                    + String.valueOf(e.getMessage()).split("\n")[0] + ")");
        }
    }

    /** "images float32 [N, 3, 224, 224]" for each value. */
    private static String describe(List<ValueInfoProto> values) {
        return values.stream().map(v -> v.getName() + " "
                + TensorProto.DataType.forNumber(v.getType().getTensorType().getElemType()).name().toLowerCase()
                .replace("float", "float32") + " " + v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue()))
                .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(", "));
    }
}
