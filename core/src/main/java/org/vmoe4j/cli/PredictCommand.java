package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageFiles;
import org.vmoe4j.eval.Predictor;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.eval.DjlInference;
import org.vmoe4j.eval.Inference;
import org.vmoe4j.eval.OnnxInference;
import org.vmoe4j.eval.RunInference;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.Models;
import org.vmoe4j.run.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j predict}: the five most probable classes of each image (and which experts ran). */
@Command(name = "predict", header = "Top-5 classes (and experts used) for image files.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify image files (PNG, JPEG, ... of any size: resized to the model's input and",
            "normalised as in training). Prints the top-5 classes with probabilities and, for per-image",
            "routing, the experts that ran; --json prints the full logits.", "",
            "The model comes from a run (--run, with DJL or --runtime onnx), an exported ONNX file (--onnx), or",
            "a preset and a safetensors file (--model, --weights).", "",
            "Examples:", "  vmoe4j predict --run runs/fmnist shoe.png shirt.jpg",
            "  vmoe4j predict --run runs/fmnist --runtime onnx shoe.png",
            "  vmoe4j predict --onnx mvmoe.onnx shoe.png",
            "  vmoe4j predict --model mlit-xxs --classes 10 --weights model.safetensors shoe.png"})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", description = "A run directory written by 'train'.")
    Path run;

    @Option(names = "--weights", paramLabel = "FILE", description = "A safetensors file for the model given by --model.")
    Path weights;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    InferenceOptions inference;

    @Option(names = "--json", description = "Print one JSON object with every image's logits.")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int sources = (run != null ? 1 : 0) + (weights != null ? 1 : 0) + (run == null && inference.hasFile() ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(),
                    "give one of --run RUN_DIR, --onnx FILE.onnx or --model NAME --weights FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Loaded loaded = load()) {
            List<Image> decoded = new ArrayList<>();
            for (Path image : images) {
                decoded.add(ImageFiles.read(image));
            }
            List<Predictor.Prediction> predictions = new Predictor(loaded.inference()).predict(decoded);
            if (json) {
                out.println(toJson(predictions, loaded.names()));
            } else {
                for (int i = 0; i < images.size(); i++) {
                    print(out, images.get(i), predictions.get(i), loaded.names());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The model opened for inference and its class names (null when unknown). */
    private record Loaded(Inference inference, List<String> names, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    private Loaded load() {
        if (run != null) {
            TrainedRun trained = TrainedRun.open(run);
            RunInference opened = inference.open(trained);
            return new Loaded(opened.inference(), trained.classNames(), opened);
        }
        if (weights == null) {
            RunInference opened = inference.openFile();
            List<String> names = ((OnnxInference) opened.inference()).info().classNames();
            return new Loaded(opened.inference(), names.isEmpty() ? null : names, opened);
        }
        ModelConfig config = modelOptions.resolve();
        if (config instanceof MaeConfig) {
            throw new ParameterException(spec.commandLine(), "--model " + modelOptions.spec().preset() + " is not a classifier");
        }
        Classifier model = (Classifier) Models.load(config, weights);
        // bare weights: normalised as every preset is unless a recipe says otherwise (a run records its own)
        return new Loaded(new DjlInference(model, Dispatch.SPARSE, Normalization.HALF), null, model);
    }

    private static String name(List<String> names, int c) {
        return names == null ? "class " + c : names.get(c);
    }

    private static void print(PrintWriter out, Path image, Predictor.Prediction p, List<String> names) {
        out.println(image + (p.experts() == null ? "" : "  (experts " + java.util.Arrays.toString(p.experts()) + ")"));
        for (int c : p.top(Math.min(5, p.probabilities().length))) {
            out.printf("  %6.2f%%  %s%n", 100 * p.probabilities()[c], name(names, c));
        }
    }

    private String toJson(List<Predictor.Prediction> predictions, List<String> names) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        for (int i = 0; i < predictions.size(); i++) {
            Predictor.Prediction p = predictions.get(i);
            ObjectNode node = all.addObject().put("image", images.get(i).toString());
            ArrayNode top = node.putArray("top5");
            for (int c : p.top(Math.min(5, p.probabilities().length))) {
                top.addObject().put("class", c).put("name", name(names, c)).put("probability", p.probabilities()[c]);
            }
            node.set("logits", mapper.valueToTree(p.logits()));
            if (p.experts() != null) {
                node.set("experts", mapper.valueToTree(p.experts()));
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.createObjectNode().set("predictions", all));
    }
}
