package org.vmoe4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import org.vmoe4j.io.Limit;

/** File checks shared by the readers; every failure is a one-line UserError naming the file. */
final class DataFiles {
    private DataFiles() {
    }

    /** {@code dir} itself, after checking that it is an existing directory. */
    static Path requireDirectory(Path dir, String what) {
        if (!Files.exists(dir)) {
            throw new UserError(dir + ": " + what + " directory not found");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": is a file, expected the " + what + " directory");
        }
        return dir;
    }

    /** {@code file} itself, after checking that it is an existing regular file. */
    static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": " + (Files.isDirectory(file) ? "is a directory, expected a file"
                    : Files.exists(file) ? "is not a regular file (a device or a pipe?), expected a file"
                    : "file not found"));
        }
        return file;
    }

    /** The length of {@code file} in bytes. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": file not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The whole content of the text file {@code file}, at most {@link Limit#TEXT_BYTES} long. */
    static String readText(Path file) {
        DeclaredSize.atMost(file, "its length", size(requireFile(file)), Limit.TEXT_BYTES);
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": file not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Class names, one per non-blank line (trimmed), from a text file such as CIFAR's
     * {@code batches.meta.txt}; exactly {@code expected} of them unless {@code expected} &lt; 0.
     */
    static List<String> readNames(Path file, int expected) {
        String text = readText(file);
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (expected >= 0 && names.size() != expected) {
            throw new UserError(file + ": expected " + expected + " class names (one per line), found " + names.size());
        }
        return names;
    }

    /** {@code dir/sub} if {@code dir} lacks {@code marker} but {@code dir/sub} has it, else {@code dir}. */
    static Path descendIfNested(Path dir, String sub, String marker) {
        if (!Files.exists(dir.resolve(marker)) && Files.exists(dir.resolve(sub).resolve(marker))) {
            return dir.resolve(sub);
        }
        return dir;
    }

    /** Checks that {@code dir} holds {@code marker}, else says which files the format needs. */
    static void requireMarker(Path dir, String marker, String expected) {
        if (!Files.exists(dir.resolve(marker))) {
            throw new UserError(dir + ": no " + marker + " here; expected " + expected);
        }
    }
}
