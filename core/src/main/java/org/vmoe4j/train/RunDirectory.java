package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vmoe4j.UserError;
import org.vmoe4j.io.SafeTensors;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;

/**
 * The files of one training run: {@code config.json}, {@code metrics.jsonl} (one line per epoch),
 * {@code checkpoint.safetensors} (model + optimizer state + position, rewritten atomically every epoch)
 * and {@code model.safetensors} (the final weights under the model's parameter names).
 */
public final class RunDirectory {
    /** Where a checkpoint stands: epochs completed and optimizer steps taken. */
    public record Position(int epochsDone, long step) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** True once an epoch has completed. */
    public boolean hasCheckpoint() {
        return Files.exists(file("checkpoint.safetensors"));
    }

    /** Creates the directory for a new run; refuses one that already holds a run. */
    public void create() {
        if (hasCheckpoint()) {
            throw new UserError(dir + " already holds a run; continue it with --resume " + dir + " or choose another --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the run directory " + dir + " (" + e.getMessage() + ")");
        }
    }

    public void writeConfig(RunConfig config) throws IOException {
        writeAtomically(file("config.json"), JSON.writeValueAsBytes(config));
    }

    public RunConfig readConfig() {
        Path config = file("config.json");
        if (!Files.isRegularFile(config)) {
            throw new UserError(dir + " is not a vmoe4j run directory (no config.json)");
        }
        try {
            return JSON.readValue(config.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new UserError(config + ": unreadable run configuration (" + e.getMessage().split("\n")[0] + ")");
        }
    }

    /** Records the dataset's class names ({@code classes.json}) so that predictions can be named without the data. */
    public void writeClassNames(List<String> names) throws IOException {
        writeAtomically(file("classes.json"), JSON.writeValueAsBytes(names));
    }

    /** The class names recorded at the start of the run. */
    public List<String> readClassNames() {
        try {
            return List.of(JSON.readValue(file("classes.json").toFile(), String[].class));
        } catch (IOException e) {
            throw new UserError(file("classes.json") + ": unreadable class names (" + e.getMessage().split("\n")[0] + ")");
        }
    }

    /** Writes model, optimizer state and position to {@code checkpoint.safetensors} in one atomic rename. */
    public void saveCheckpoint(Model model, AdamW optimizer, Position position) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        model.parameters().parameters().forEach((name, p) -> tensors.put(MODEL + name, p));
        optimizer.state().forEach((name, s) -> tensors.put(OPTIMIZER + name, s));
        SafeTensors.write(file("checkpoint.safetensors"), tensors, Map.of("epochsDone", "" + position.epochsDone(),
                "step", "" + position.step(), "optimizerSteps", "" + optimizer.steps()));
    }

    /** Loads the checkpoint into the model and optimizer in place; empty when the run has none yet. */
    public Optional<Position> loadCheckpoint(Model model, AdamW optimizer) {
        Path file = file("checkpoint.safetensors");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, NDArray> targets = new LinkedHashMap<>();
        model.parameters().parameters().forEach((name, p) -> targets.put(MODEL + name, p));
        optimizer.state().forEach((name, s) -> targets.put(OPTIMIZER + name, s));
        WeightFile.load(targets, file);
        Map<String, String> meta = SafeTensors.metadata(file);
        optimizer.resumeAt(Long.parseLong(meta.get("optimizerSteps")));
        return Optional.of(new Position(Integer.parseInt(meta.get("epochsDone")), Long.parseLong(meta.get("step"))));
    }

    /** The final weights under the model's own parameter names, for {@code predict --weights} and timm. */
    public void saveWeights(Model model, Map<String, String> metadata) {
        WeightFile.save(model.parameters().parameters(), file("model.safetensors"), metadata);
    }

    /** Appends one epoch's line to {@code metrics.jsonl}. */
    public void appendMetrics(EpochMetrics metrics) throws IOException {
        Files.writeString(file("metrics.jsonl"), JSON_LINE.writeValueAsString(metrics) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The metrics of the first {@code epochs} epochs (a resumed run drops lines written after its checkpoint). */
    public List<EpochMetrics> readMetrics(int epochs) throws IOException {
        List<EpochMetrics> metrics = new ArrayList<>();
        Path file = file("metrics.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                EpochMetrics m = line.isBlank() ? null : JSON_LINE.readValue(line, EpochMetrics.class);
                if (m != null && m.epoch() <= epochs) {
                    metrics.add(m);
                }
            }
        }
        return metrics;
    }

    /** Rewrites {@code metrics.jsonl} to hold exactly these lines. */
    public void rewriteMetrics(List<EpochMetrics> metrics) throws IOException {
        StringBuilder text = new StringBuilder();
        for (EpochMetrics m : metrics) {
            text.append(JSON_LINE.writeValueAsString(m)).append('\n');
        }
        writeAtomically(file("metrics.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes to a temporary file beside the target and renames it into place. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
