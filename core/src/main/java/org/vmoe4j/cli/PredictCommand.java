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
            "Examples:", "  vmoe4j predict --run runs/fmnist shoe.png shirt.jpg",
            "  vmoe4j predict --model mlit-xxs --classes 10 --weights model.safetensors shoe.png"})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", description = "A run directory written by 'train'.")
    Path run;

    @Option(names = "--weights", paramLabel = "FILE", description = "A safetensors file for the model given by --model.")
    Path weights;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "Print one JSON object with every image's logits.")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((run == null) == (weights == null)) {
            throw new ParameterException(spec.commandLine(), "give either --run RUN_DIR or --model NAME --weights FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Classifier model = load()) {
            List<Image> decoded = new ArrayList<>();
            for (Path image : images) {
                decoded.add(ImageFiles.read(image));
            }
            List<String> names = run != null ? TrainedRun.open(run).classNames() : null;
            // a run normalises as it trained; bare weights as every preset does unless a recipe said otherwise
            Normalization normalization = run != null ? TrainedRun.open(run).config().train().normalization()
                    : Normalization.HALF;
            List<Predictor.Prediction> predictions = new Predictor(model, normalization).predict(decoded);
            if (json) {
                out.println(toJson(predictions, names));
            } else {
                for (int i = 0; i < images.size(); i++) {
                    print(out, images.get(i), predictions.get(i), names);
                }
            }
        }
        out.flush();
        return 0;
    }

    private Classifier load() {
        if (run != null) {
            return TrainedRun.open(run).loadClassifier();
        }
        ModelConfig config = modelOptions.resolve();
        if (config instanceof MaeConfig) {
            throw new ParameterException(spec.commandLine(), "--model " + modelOptions.spec().preset() + " is not a classifier");
        }
        return (Classifier) Models.load(config, weights);
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
