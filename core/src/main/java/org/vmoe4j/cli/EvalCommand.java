package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.eval.RunInference;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.run.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j eval}: accuracy, router accuracy, expert load and cost of a trained run on one split. */
@Command(name = "eval", header = "Accuracy, router accuracy, expert load and cost of a trained run.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a trained run: top-1 and top-5 accuracy, router accuracy (E-way, when the run",
            "has super-classes), the share of images or tokens each expert received per MoE routing,",
            "parameters active per image and FLOPs per image. Writes the confusion matrix as CSV.", "",
            "With --runtime onnx (or --onnx FILE) the exported model runs on ONNX Runtime instead of the Java",
            "model: the same accuracy, and the expert load of the per-image router (the file's 'experts').", "",
            "Examples:", "  vmoe4j eval --run runs/c100", "  vmoe4j eval --run runs/c100 --split val --json",
            "  vmoe4j eval --run runs/c100 --runtime onnx"})
public final class EvalCommand implements Callable<Integer> {
    private static final Map<String, Function<Dataset, ImageSource>> SPLITS =
            Map.of("test", Dataset::test, "val", Dataset::val, "train", Dataset::train);

    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "A run directory written by 'train'.")
    Path run;

    @Option(names = "--data", paramLabel = "SPEC", converter = DataSpecCheck.class, description = "Dataset (default: the one the run trained on).")
    String data;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test", description = "test, val or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--confusion", paramLabel = "FILE.csv", description = "Where to write the confusion matrix (default: RUN_DIR/confusion-SPLIT.csv).")
    Path confusion;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    InferenceOptions inference;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!SPLITS.containsKey(split)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--split must be test, val or train, got '" + split + "'");
        }
        TrainedRun training = TrainedRun.open(run);
        Dataset dataset = training.data(data);
        PrintWriter out = spec.commandLine().getOut();
        ImageSource images = SPLITS.get(split).apply(dataset);
        EvalResult result;
        try (RunInference engine = inference.open(training, devices.single()); var bar = ProgressListener.bar(split, images.size())) {
            result = RunEvaluator.evaluate(training, engine.inference(), images, bar::stepTo);
        }
        Path csv = confusion != null ? confusion : training.directory().file("confusion-" + split + ".csv");
        writeConfusion(csv, result, dataset);
        if (json) {
            out.println(toJson(result, csv));
        } else {
            print(out, result, csv);
        }
        out.flush();
        return 0;
    }

    private String toJson(EvalResult r, Path csv) throws Exception {
        Cost cost = r.cost();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode().put("split", split).put("images", r.images()).put("top1", r.top1())
                .put("top5", r.top5()).put("activeParams", cost.activeParams()).put("params", cost.params())
                .put("flops", cost.flops()).put("imagesPerSecond", r.imagesPerSecond()).put("confusion", csv.toString());
        if (!Double.isNaN(r.routerAccuracy())) {
            node.put("routerAccuracy", r.routerAccuracy());
        }
        node.set("expertLoad", mapper.valueToTree(r.expertLoad()));
        node.set("distinctExpertsPerImage", mapper.valueToTree(r.distinctExperts()));
        node.set("expertParamsPerImage", mapper.valueToTree(r.expertParams()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private void print(PrintWriter out, EvalResult r, Path csv) {
        Cost cost = r.cost();
        out.printf("%s split, %d images: top-1 %.2f%%, top-5 %.2f%%%s%n", split, r.images(), 100 * r.top1(), 100 * r.top5(),
                Double.isNaN(r.routerAccuracy()) ? "" : String.format(", router accuracy %.2f%%", 100 * r.routerAccuracy()));
        out.printf("parameters %,d, active per image %,d, FLOPs per image %.1fM, %.0f images/s%n", cost.params(),
                cost.activeParams(), cost.flops() / 1e6, r.imagesPerSecond());
        for (int i = 0; i < r.expertLoad().size(); i++) {
            StringBuilder line = new StringBuilder(String.format(
                    "routing %d: %.2f distinct experts (%,.0f expert parameters) per image; load", i,
                    r.distinctExperts().get(i), r.expertParams().get(i)));
            for (double share : r.expertLoad().get(i)) {
                line.append(String.format(" %.1f%%", 100 * share));
            }
            out.println(line);
        }
        out.println("confusion matrix: " + csv);
    }

    private static void writeConfusion(Path csv, EvalResult r, Dataset dataset) {
        StringBuilder text = new StringBuilder("true\\predicted");
        for (String name : dataset.classNames()) {
            text.append(',').append(quote(name));
        }
        text.append('\n');
        for (int c = 0; c < r.confusion().length; c++) {
            text.append(quote(dataset.classNames().get(c)));
            for (long n : r.confusion()[c]) {
                text.append(',').append(n);
            }
            text.append('\n');
        }
        AtomicFile.write(csv, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
