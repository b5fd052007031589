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
import org.vmoe4j.data.Datasets;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.export.Calibration;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.ExportedModel;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.export.OnnxExporter;
import org.vmoe4j.export.Quantization;
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
            "--quantize int8 stores every weight matrix as int8 with one scale per output channel (routers,",
            "biases and norms stay float32) and quantises activations per batch at run time; int8-static",
            "quantises them with fixed ranges measured on --calibration images. --lazy-experts writes a Mobile",
            "V-MoE's experts to FILE.experts.safetensors beside the ONNX file: predict and eval map it and read",
            "only the experts the router chooses.", "",
            "Examples:", "  vmoe4j export --run runs/mlit-xxs", "  vmoe4j export --model mlit-xxs --classes 10 --weights model.safetensors --out mlit.onnx",
            "  vmoe4j export --model mvmoe-6x64 --weights w.safetensors --classes-file classes.json --out m.onnx",
            "  vmoe4j export --run runs/mlit-xxs --quantize int8 --out mlit-int8.onnx",
            "  vmoe4j export --run runs/mvmoe --quantize int8-static --calibration-images 512 --lazy-experts --out m.onnx"})
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

    @Option(names = "--quantize", paramLabel = "FORM", defaultValue = "float32",
            description = "float32 (default), int8 (activations quantised per batch at run time) or int8-static "
                    + "(activations quantised with ranges calibrated on training images).")
    Quantization quantization;

    @Option(names = "--calibration", paramLabel = "DATA",
            description = "int8-static: the dataset whose training images calibrate the activation ranges, as --data "
                    + "takes it (default with --run: the run's own training split).")
    String calibration;

    @Option(names = "--calibration-images", paramLabel = "N", defaultValue = "" + Calibration.DEFAULT_IMAGES,
            description = "int8-static: how many training images to calibrate on (default: ${DEFAULT-VALUE}).")
    int calibrationImages;

    @Option(names = "--lazy-experts",
            description = "Mobile V-MoE routed per image: write the experts to FILE.experts.safetensors beside the ONNX "
                    + "file, for inference that reads only the experts the router chooses.")
    boolean lazyExperts;

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
        checkForm();
        TrainedRun trained = run == null ? null : TrainedRun.open(run);
        ExportedModel exported;
        try (Model model = trained != null ? trained.loadModel() : Models.load(modelOptions.resolve(), weights)) {
            List<String> names = trained != null ? trained.classNames() : classNames(model.config());
            String preset = trained != null ? trained.config().preset() : modelOptions.spec().preset();
            // bare weights: normalised as every preset is unless a recipe says otherwise (a run records its own)
            Normalization normalization = trained != null ? trained.config().train().normalization() : Normalization.HALF;
            exported = ModelExport.of(model, preset, names, normalization, options(model, normalization, trained));
        }
        print(exported.proto(), ModelExport.write(exported, file));
        return 0;
    }

    private void checkForm() {
        if (calibration != null && quantization != Quantization.INT8_STATIC) {
            throw new ParameterException(spec.commandLine(), "--calibration goes with --quantize int8-static");
        }
        if (quantization == Quantization.INT8_STATIC && run == null && calibration == null) {
            throw new ParameterException(spec.commandLine(), "--quantize int8-static needs --calibration DATA with --weights");
        }
        if (calibrationImages < 1) {
            throw new ParameterException(spec.commandLine(), "--calibration-images must be at least 1, got "
                    + calibrationImages);
        }
    }

    /** The export's form; static int8 calibrates on the training images of --calibration or of the run's data. */
    private ExportOptions options(Model model, Normalization normalization, TrainedRun trained) {
        if (lazyExperts && !OnnxExporter.family(model.config()).routedPerImage()) {
            throw new UserError((run != null ? run : weights) + ": --lazy-experts needs a Mobile V-MoE routed per image, "
                    + "this model is " + OnnxExporter.family(model.config()).id());
        }
        ExportOptions options = switch (quantization) {
            case FLOAT32 -> ExportOptions.float32();
            case INT8 -> ExportOptions.int8();
            case INT8_STATIC -> ExportOptions.int8Static(Calibration.measure(model, normalization, calibrationImages(trained),
                    calibrationImages));
        };
        return lazyExperts ? options.withSeparateExperts() : options;
    }

    private ImageSource calibrationImages(TrainedRun trained) {
        return trained != null ? trained.data(calibration).train() : Datasets.open(calibration, 0, 0).train();
    }

    private List<String> classNames(ModelConfig config) {
        List<String> names = classesFile == null ? List.of() : readClassNames();
        if (!names.isEmpty() && names.size() != config.classes()) {
            throw new UserError(classesFile + ": " + names.size() + " class names, the exported model has "
                    + config.classes() + " classes");
        }
        return names;
    }

    private void print(ModelProto proto, ModelExport.Written written) {
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s (%,d bytes): %s, ONNX opset %d, %s%n", written.onnx(), written.onnxBytes(),
                property(proto, OnnxContract.FAMILY), proto.getOpsetImport(0).getVersion(), quantization.id());
        if (written.experts() != null) {
            printer.printf("  experts %s (%,d bytes)%n", written.experts(), written.expertBytes());
        }
        printer.printf("  input   %s%n", describe(proto.getGraph().getInputList().subList(0, 1)));
        printer.printf("  outputs %s%n", describe(proto.getGraph().getOutputList()));
        printer.flush();
    }

    private static String property(ModelProto proto, String key) {
        return proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals(key)).findFirst().orElseThrow()
                .getValue();
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
