package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.SplitSummary;
import org.vmoe4j.data.SuperClasses;

/**
 * What {@code vmoe4j data} says about a dataset, as text or JSON: per split its image count, classes present and
 * image sizes, then the class names and the built-in super-class division.
 *
 * @param spec the {@code --data} spec as given
 * @param valOrigin where the validation split comes from: "own" (the dataset's), "carved" (from train) or "none"
 */
record DatasetReport(String spec, Dataset ds, String valOrigin, Map<String, SplitSummary> splits, double valFraction,
                     long seed) {
    /** Class names listed in text mode before "... N more". */
    static final int MAX_NAMES_SHOWN = 100;

    ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("spec", spec);
        root.put("dataset", ds.name());
        root.put("valFraction", valFraction);
        root.put("seed", seed);
        root.put("valSplit", valOrigin);
        root.put("numClasses", ds.numClasses());
        ArrayNode names = root.putArray("classNames");
        ds.classNames().forEach(names::add);
        ObjectNode splitsNode = root.putObject("splits");
        for (Map.Entry<String, SplitSummary> e : splits.entrySet()) {
            SplitSummary s = e.getValue();
            ObjectNode node = splitsNode.putObject(e.getKey());
            node.put("images", s.images());
            node.put("classesPresent", s.classesPresent());
            if (s.images() == 0) {
                node.putNull("imageSize");
                continue;
            }
            ObjectNode size = node.putObject("imageSize");
            size.put("uniform", s.uniform());
            size.put("sampled", s.sampled());
            if (s.uniform()) {
                size.put("height", s.minHeight()).put("width", s.minWidth()).put("channels", s.channels()[0]);
            } else {
                size.put("minHeight", s.minHeight()).put("maxHeight", s.maxHeight())
                        .put("minWidth", s.minWidth()).put("maxWidth", s.maxWidth());
                ArrayNode ch = size.putArray("channels");
                for (int c : s.channels()) {
                    ch.add(c);
                }
            }
        }
        if (ds.superClasses().isPresent()) {
            SuperClasses sc = ds.superClasses().get();
            ObjectNode node = root.putObject("superClasses");
            node.put("numGroups", sc.numGroups());
            ArrayNode groupNames = node.putArray("groupNames");
            sc.groupNames().forEach(groupNames::add);
            ArrayNode table = node.putArray("classToGroup");
            for (int g : sc.classToGroup()) {
                table.add(g);
            }
        } else {
            root.putNull("superClasses");
        }
        return root;
    }

    void print(PrintWriter out) {
        out.printf("dataset: %s (--data %s)%n", ds.name(), spec);
        out.printf("%-6s %9s  %-13s %s%n", "split", "images", "classes", "image size (HxWxC)");
        for (Map.Entry<String, SplitSummary> e : splits.entrySet()) {
            SplitSummary s = e.getValue();
            String note = !e.getKey().equals("val") ? "" : switch (valOrigin) {
                case "own" -> "   [the dataset's own validation split]";
                case "carved" -> "   [carved from train: fraction " + valFraction + ", seed " + seed + "]";
                default -> "   [none: --val-fraction is 0]";
            };
            out.printf("%-6s %9d  %-13s %s%s%n", e.getKey(), s.images(),
                    s.classesPresent() + " of " + ds.numClasses(), s.sizeText(), note);
        }
        out.printf("classes (%d): %s%n", ds.numClasses(), joinShort(ds.classNames()));
        if (ds.superClasses().isPresent()) {
            SuperClasses sc = ds.superClasses().get();
            out.printf("super-classes (%d groups):%n", sc.numGroups());
            for (int g = 0; g < sc.numGroups(); g++) {
                List<String> members = new ArrayList<>();
                for (int c : sc.classesOf(g)) {
                    members.add(ds.classNames().get(c));
                }
                out.printf("  %2d %s: %s%n", g, sc.groupNames().get(g), String.join(", ", members));
            }
        } else {
            out.println("super-classes: none built in (super-class discovery can make them)");
        }
    }

    private static String joinShort(List<String> names) {
        if (names.size() <= MAX_NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES_SHOWN)) + ", ... (" + (names.size() - MAX_NAMES_SHOWN)
                + " more; --json lists all)";
    }
}
