package org.vmoe4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.data.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Adds the list of dataset kinds, read from the registry, to the end of {@code data --help}. */
final class DataKindsHelp implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec commandSpec) {
        List<String> footer = new ArrayList<>();
        footer.add("");
        footer.add("Dataset kinds (--data):");
        for (Datasets.Kind kind : Datasets.kinds()) {
            footer.add("  " + kind.usage());
            footer.addAll(wrap(kind.description(), 72, "      "));
        }
        footer.add("");
        footer.add("DIR is the folder the official archive extracts to; a leading ~/ is your home.");
        footer.add("Grayscale datasets stay one channel; the input pipeline expands them to three");
        footer.add("when a model wants colour.");
        commandSpec.usageMessage().footer(footer.toArray(new String[0]));
        return commandSpec;
    }

    /** Greedy word wrap of {@code text} to lines of at most {@code width} characters after {@code indent}. */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(indent + line);
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(indent + line);
        }
        return lines;
    }
}
