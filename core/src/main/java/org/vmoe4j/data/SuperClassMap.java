package org.vmoe4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vmoe4j.UserError;
import org.vmoe4j.io.AtomicFile;

/**
 * A class → super-class map as a JSON file ({@code vmoe4j superclasses} writes it, {@code train
 * --superclasses FILE} reads it): {@code {"groups": E, "classes": [{"class": 0, "name": "...", "group": 3}, ...]}}.
 */
public final class SuperClassMap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuperClassMap() {
    }

    /** Reads a map for a dataset's classes; every class must appear exactly once and every group be used. */
    public static SuperClasses read(Path file, List<String> classNames) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError(file + ": not a readable JSON super-class map (" + e.getMessage().split("\n")[0] + ")");
        }
        int groups = root.path("groups").asInt(0);
        if (groups < 1 || !root.path("classes").isArray()) {
            throw new UserError(file + ": expected {\"groups\": E, \"classes\": [{\"class\": i, \"group\": g}, ...]}");
        }
        int[] toGroup = new int[classNames.size()];
        Arrays.fill(toGroup, -1);
        for (JsonNode entry : root.get("classes")) {
            int c = entry.path("class").asInt(-1);
            int g = entry.path("group").asInt(-1);
            if (c < 0 || c >= toGroup.length) {
                throw new UserError(file + ": unknown class " + entry.path("class") + " (the data has classes 0.." + (toGroup.length - 1) + ")");
            }
            if (g < 0 || g >= groups) {
                throw new UserError(file + ": class " + c + " is in group " + entry.path("group") + ", expected 0.." + (groups - 1));
            }
            if (toGroup[c] >= 0) {
                throw new UserError(file + ": class " + c + " appears twice");
            }
            toGroup[c] = g;
        }
        for (int c = 0; c < toGroup.length; c++) {
            if (toGroup[c] < 0) {
                throw new UserError(file + ": class " + c + " (" + classNames.get(c) + ") is missing");
            }
        }
        return SuperClasses.numbered(toGroup, groups);
    }

    /** Writes the map atomically, with class names for a human reader. */
    public static void write(Path file, SuperClasses superClasses, List<String> classNames) {
        ObjectNode root = JSON.createObjectNode();
        root.put("groups", superClasses.numGroups());
        ArrayNode classes = root.putArray("classes");
        for (int c = 0; c < classNames.size(); c++) {
            classes.addObject().put("class", c).put("name", classNames.get(c)).put("group", superClasses.groupOf(c));
        }
        AtomicFile.write(file, tmp -> JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root));
    }

    /** The map as a table in the style of MV Table 1: group id, size and up to eight class names per line. */
    public static List<String> table(SuperClasses superClasses, List<String> classNames) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-6s %-5s %s", "group", "size", "classes"));
        for (int g = 0; g < superClasses.numGroups(); g++) {
            List<Integer> members = superClasses.classesOf(g);
            List<String> shown = members.stream().limit(8).map(classNames::get).toList();
            lines.add(String.format("%-6d %-5d %s%s", g, members.size(), String.join(", ", shown),
                    members.size() > shown.size() ? ", ..." : ""));
        }
        return lines;
    }

    /** A seeded random grouping of {@code classes} classes into {@code groups} groups whose sizes differ by at most one. */
    public static SuperClasses random(int classes, int groups, long seed) {
        if (groups < 1 || groups > classes) {
            throw new UserError("cannot split " + classes + " classes into " + groups + " non-empty groups");
        }
        int[] order = Shuffle.permutation(classes, new Random(seed)); // the order Collections.shuffle draws
        int[] toGroup = new int[classes];
        for (int i = 0; i < classes; i++) {
            toGroup[order[i]] = i % groups;
        }
        return SuperClasses.numbered(toGroup, groups);
    }
}
