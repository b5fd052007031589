package org.vmoe4j.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.run.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j export}: a model and its weights as a standard ONNX file (see {@code export.OnnxContract}). */
@Command(name = "export", header = "Write a model with its weights as a standard ONNX file.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a trained run, or a preset with a safetensors weight file, to ONNX, opset 17,",
            "for any ONNX runtime. Input 'images' float32 [N, C, H, W] normalised as in training; outputs",
            "'logits' [N, classes], and for Mobile V-MoE routed per image 'experts' int64 [N, k] and 'gates'",
            "[N, k]; for mmlit-* the encoder's 'tokens' [N, T, m]. The file's metadata carries the preset,",
            "configuration, input size, mean/std, class names, FLOPs and parameters per image.", "",
            "Examples:", "  vmoe4j export --run runs/mlit-xxs", "  vmoe4j export --model mlit-xxs --classes 10 --weights model.safetensors --out mlit.onnx",
            "  vmoe4j export --model mvmoe-6x64 --weights w.safetensors --classes-file classes.json --out m.onnx"})
public final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "A trained run: its model, weights and class names.")
    Path run;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--weights", paramLabel = "FILE", description = "A safetensors file for the model given by --model.")
    Path weights;

    @Option(names = "--classes-file", paramLabel = "FILE.json",
            description = "With --weights: class names in head order as a JSON array (a run's classes.json).")
    Path classesFile;

    @Option(names = "--out", paramLabel = "FILE.onnx",
            description = "The ONNX file to write, replaced atomically (default with --run: RUN_DIR/model.onnx).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((run == null) == (weights == null)) {
            throw new ParameterException(spec.commandLine(), "give either --run RUN_DIR or --model NAME --weights FILE");
        }
        if (run != null && classesFile != null) {
            throw new ParameterException(spec.commandLine(), "--classes-file goes with --weights; a run has its classes");
        }
        Path file = out != null ? out : run != null ? run.resolve("model.onnx") : null;
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "--out FILE.onnx is required with --weights");
        }
        ModelProto proto = run != null ? ModelExport.of(TrainedRun.open(run)) : exportWeights();
        long bytes = ModelExport.write(proto, file);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s (%,d bytes): %s, ONNX opset %d%n", file, bytes,
                proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals(OnnxContract.FAMILY)).findFirst()
                        .orElseThrow().getValue(), proto.getOpsetImport(0).getVersion());
        printer.printf("  input   %s%n", describe(proto.getGraph().getInputList()));
        printer.printf("  outputs %s%n", describe(proto.getGraph().getOutputList()));
        printer.flush();
        return 0;
    }

    private ModelProto exportWeights() {
        ModelConfig config = modelOptions.resolve();
        List<String> names = classesFile == null ? List.of() : readClassNames();
        if (!names.isEmpty() && names.size() != config.classes()) {
            throw new UserError(classesFile + ": " + names.size() + " class names, the exported model has "
                    + config.classes() + " classes");
        }
        try (Model model = Models.load(config, weights)) {
            // bare weights: normalised as every preset is unless a recipe says otherwise (a run records its own)
            return ModelExport.of(model, modelOptions.spec().preset(), names, Normalization.HALF);
        }
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
