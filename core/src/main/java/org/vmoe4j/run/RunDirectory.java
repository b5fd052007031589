package org.vmoe4j.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.vmoe4j.UserError;
import org.vmoe4j.io.AtomicFile;

/**
 * The files of one run: {@code config.json} ({@link RunConfig}), {@code classes.json}, {@code metrics.jsonl} (one
 * {@link EpochMetrics} line per epoch), {@code superclasses.json} (super-class routing),
 * {@code checkpoint.safetensors} (model + optimizer + position, rewritten atomically every epoch) and
 * {@code model.safetensors} (the final weights under the model's parameter names).
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String WEIGHTS = "model.safetensors";
    public static final String SUPERCLASSES = "superclasses.json";
    public static final String CLASSES = "classes.json";
    private static final String METRICS = "metrics.jsonl";
    /** What marks a directory as holding a run: a new run refuses to write over any of them. */
    private static final List<String> RUN_FILES = List.of(CONFIG, CHECKPOINT, WEIGHTS, METRICS);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The weights a run directory or a weights file names: {@code DIR/model.safetensors}, or the file itself. */
    public static Path weightsOf(Path runOrFile) {
        return Files.isDirectory(runOrFile) ? runOrFile.resolve(WEIGHTS) : runOrFile;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** True once an epoch has completed. */
    public boolean hasCheckpoint() {
        return Files.exists(file(CHECKPOINT));
    }

    /** True once training has finished and written the final weights. */
    public boolean hasWeights() {
        return Files.isRegularFile(file(WEIGHTS));
    }

    /** Creates the directory for a new run; refuses one that already holds a run's files. */
    public void create() {
        RUN_FILES.stream().filter(name -> Files.exists(file(name))).findFirst().ifPresent(name -> {
            throw new UserError(dir + " already holds a run (" + name + "); continue it with --resume " + dir
                    + " or choose another --out");
        });
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the run directory " + dir + " (" + e.getMessage() + ")");
        }
    }

    public void writeConfig(RunConfig config) {
        AtomicFile.write(file(CONFIG), json(config));
    }

    public RunConfig readConfig() {
        Path config = file(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new UserError(dir + " is not a vmoe4j run directory (no " + CONFIG + ")");
        }
        try {
            RunConfig read = JSON.readValue(config.toFile(), RunConfig.class);
            if (read.model() == null || read.train() == null || read.data() == null) {
                throw new UserError(config + ": incomplete run configuration (expected model, data and train sections)");
            }
            return read;
        } catch (IOException e) {
            throw new UserError(config + ": unreadable run configuration (" + firstLine(e) + ")");
        }
    }

    /** Records the dataset's class names so that predictions can be named without the data. */
    public void writeClassNames(List<String> names) {
        AtomicFile.write(file(CLASSES), json(names));
    }

    /** The class names recorded at the start of the run. */
    public List<String> readClassNames() {
        try {
            String[] names = JSON.readValue(file(CLASSES).toFile(), String[].class);
            if (names == null || Stream.of(names).anyMatch(n -> n == null)) {
                throw new UserError(file(CLASSES) + ": expected a JSON array of class names");
            }
            return List.of(names);
        } catch (IOException e) {
            throw new UserError(file(CLASSES) + ": unreadable class names (" + firstLine(e) + ")");
        }
    }

    /** Appends one epoch's line to {@code metrics.jsonl}. */
    public void appendMetrics(EpochMetrics metrics) {
        try {
            Files.writeString(file(METRICS), JSON_LINE.writeValueAsString(metrics) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UserError(file(METRICS) + ": cannot write (" + e + ")", e);
        }
    }

    /** The metrics of the first {@code epochs} epochs (a resumed run drops lines written after its checkpoint). */
    public List<EpochMetrics> readMetrics(int epochs) {
        List<EpochMetrics> metrics = new ArrayList<>();
        Path file = file(METRICS);
        if (!Files.exists(file)) {
            return metrics;
        }
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            EpochMetrics m = lines.get(i).isBlank() ? null : parseMetrics(file, i + 1, lines.get(i));
            if (m != null && m.epoch() <= epochs) {
                metrics.add(m);
            }
        }
        return metrics;
    }

    /** All epochs' metrics. */
    public List<EpochMetrics> readMetrics() {
        return readMetrics(Integer.MAX_VALUE);
    }

    /** Rewrites {@code metrics.jsonl} to hold exactly these lines. */
    public void rewriteMetrics(List<EpochMetrics> metrics) {
        StringBuilder text = new StringBuilder();
        for (EpochMetrics m : metrics) {
            text.append(new String(jsonLine(m), StandardCharsets.UTF_8)).append('\n');
        }
        AtomicFile.write(file(METRICS), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static EpochMetrics parseMetrics(Path file, int line, String text) {
        try {
            return JSON_LINE.readValue(text, EpochMetrics.class);
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": line " + line + " is not an epoch's metrics (" + firstLine(e) + ")");
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static byte[] json(Object value) {
        return bytes(JSON, value);
    }

    private static byte[] jsonLine(Object value) {
        return bytes(JSON_LINE, value);
    }

    private static byte[] bytes(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // our own records always serialise
        }
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.split("\n")[0];
    }
}
