package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.model.LayerCost;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.nn.Cost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j inspect}: parameters, active parameters and FLOPs per image, per layer. */
@Command(name = "inspect", header = "Parameters, active parameters and FLOPs per image, per layer.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a model's size: total parameters, parameters active per image (an MoE image runs",
            "k of E experts), FLOPs per image (2 x multiply-accumulates of every matrix product, SPEC 1)",
            "and a per-layer table. For mmlit-* the decoder is counted separately; for mlit-* and mmlit-* the",
            "parameters of each expert-sharing variant (ML Table 9) follow.", "",
            "Examples:", "  vmoe4j inspect --model mlit-xxs", "  vmoe4j inspect --model mvmoe-6x64 --experts 5 --json",
            "  vmoe4j inspect --model vit-6x64 --dense-k 2      # the FLOPs of mvmoe-6x64 --k 2 (MV Fig. 3d)"})
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelConfig config = modelOptions.resolve();
        PrintWriter out = spec.commandLine().getOut();
        try (Model model = Models.build(config, 0)) {
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(model)));
            } else {
                printTable(out, model);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(Model model) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        Cost total = model.totalCost();
        root.put("model", modelOptions.model);
        root.put("imageSize", model.config().imageSize());
        root.put("params", total.params());
        root.put("activeParams", total.activeParams());
        root.put("flops", total.flops());
        if (model instanceof MaeAutoencoder) {
            long decoder = model.parameters().count(MaeAutoencoder.DECODER_PREFIX);
            root.put("encoderParams", total.params() - decoder);
            root.put("decoderParams", decoder);
        }
        if (hasExperts(model)) {
            ObjectNode variants = root.putObject("sharingVariants");
            sharingVariants().forEach((sharing, cost) -> variants.putObject(EnumConverter.word(sharing))
                    .put("params", cost.params()).put("activeParams", cost.activeParams()));
        }
        ArrayNode layers = root.putArray("layers");
        for (LayerCost layer : model.costs()) {
            layers.addObject().put("name", layer.name()).put("params", layer.cost().params())
                    .put("activeParams", layer.cost().activeParams()).put("flops", layer.cost().flops());
        }
        return root;
    }

    private void printTable(PrintWriter out, Model model) {
        ModelConfig c = model.config();
        Cost total = model.totalCost();
        out.printf("%s: %dx%d input, %d channel(s), patch %d, %d patches%n", modelOptions.model, c.imageSize(),
                c.imageSize(), c.channels(), c.patchSize(), c.patches());
        out.printf("%-28s %12s %14s %14s%n", "layer", "params", "active/image", "MFLOPs/image");
        for (LayerCost layer : model.costs()) {
            Cost cost = layer.cost();
            out.printf("%-28s %,12d %,14d %14.3f%n", layer.name(), cost.params(), cost.activeParams(), cost.flops() / 1e6);
        }
        out.printf("%-28s %,12d %,14d %14.3f%n", "total", total.params(), total.activeParams(), total.flops() / 1e6);
        out.printf("%nparameters:           %,d (%.2fM)%n", total.params(), total.params() / 1e6);
        out.printf("active per image:     %,d (%.2fM)%n", total.activeParams(), total.activeParams() / 1e6);
        out.printf("FLOPs per image:      %,d (%.1fM)%n", total.flops(), total.flops() / 1e6);
        if (model instanceof MaeAutoencoder) {
            long decoder = model.parameters().count(MaeAutoencoder.DECODER_PREFIX);
            out.printf("encoder parameters:   %,d (%.2fM)%n", total.params() - decoder, (total.params() - decoder) / 1e6);
            out.printf("decoder parameters:   %,d (%.2fM)%n", decoder, decoder / 1e6);
        }
        if (hasExperts(model)) {
            out.printf("%nexpert sharing (ML Table 9): shared pair, parameters, active per image%n");
            sharingVariants().forEach((sharing, cost) -> out.printf("  %-5s %,12d %,14d%s%n", EnumConverter.word(sharing),
                    cost.params(), cost.activeParams(), sharing == sharingOf(model.config()) ? "   (this model)" : ""));
        }
    }

    private static boolean hasExperts(Model model) {
        return sharingOf(model.config()) != null;
    }

    private static ExpertSharing sharingOf(ModelConfig config) {
        return config instanceof MlitConfig mlit ? mlit.sharing()
                : config instanceof MaeConfig mae ? mae.encoder().sharing() : null;
    }

    /** The model as named, under each of the three sharing variants. */
    private Map<ExpertSharing, Cost> sharingVariants() {
        Map<ExpertSharing, Cost> costs = new LinkedHashMap<>();
        for (ExpertSharing sharing : ExpertSharing.values()) {
            try (Model variant = Models.build(modelOptions.spec().toBuilder().sharing(sharing).build().resolve(), 0)) {
                costs.put(sharing, variant.totalCost());
            }
        }
        return costs;
    }
}
