package org.vmoe4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.data.ImageFilesTest;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/** The command lines and valid files the fuzz tests start from. */
final class HostileCommands {
    /** mlit-xxs as small as it goes, so that predict builds it quickly. */
    static final String[] MODEL = {"--model", "mlit-xxs", "--classes", "10", "--image-size", "12",
        "--patch-size", "3", "--channels", "1"};

    private HostileCommands() {
    }

    /** Writes the weights of {@link #MODEL} (seed 0) to {@code file}. */
    static Path validWeights(Path file) {
        try (Model model = Models.build(new ModelSpec.Builder("mlit-xxs").classes(10).input(12, 3, 1).build().resolve(),
                0)) {
            WeightFile.save(model.parameters().parameters(), file, null);
        }
        return file;
    }

    /** Writes a 12x12 gray PNG, the input {@link #MODEL} takes. */
    static Path validImage(Path file) throws IOException {
        return ImageFilesTest.write(ImageFilesTest.gray(12, 12), "png", file);
    }

    /** Copies the test resource {@code name} (e.g. "/mat/svhn-scipy-plain.mat") to {@code file}. */
    static Path copyResource(String name, Path file) throws IOException {
        try (InputStream in = HostileCommands.class.getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    /** {@code vmoe4j data --data KIND:D --val-fraction 0}. */
    static String[] data(String kind, Path d) {
        return new String[] {"data", "--data", kind + ":" + d, "--val-fraction", "0"};
    }

    /** {@code vmoe4j predict MODEL --weights WEIGHTS IMAGE}. */
    static String[] predict(Path weights, Path image) {
        List<String> args = new ArrayList<>(List.of("predict"));
        args.addAll(List.of(MODEL));
        args.addAll(List.of("--weights", weights.toString(), image.toString()));
        return args.toArray(new String[0]);
    }
}
