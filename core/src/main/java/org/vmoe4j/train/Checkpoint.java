package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vmoe4j.UserError;
import org.vmoe4j.io.SafeTensors;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.RunDirectory;

/**
 * A run's {@code checkpoint.safetensors}: the model's parameters ({@code model.NAME}), AdamW's moments
 * ({@code optimizer.m.NAME}, {@code optimizer.v.NAME}) and where training stands, written in one atomic rename
 * after every epoch, so that a run killed at any moment continues from its last completed epoch.
 */
final class Checkpoint {
    /** Where a checkpoint stands: epochs completed and optimizer steps taken. */
    record Position(int epochsDone, long step) {
        static final Position START = new Position(0, 0);
    }

    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String EPOCHS = "epochsDone";
    private static final String STEP = "step";
    private static final String OPTIMIZER_STEPS = "optimizerSteps";

    private Checkpoint() {
    }

    static void save(RunDirectory run, Model model, AdamW optimizer, Position position) {
        SafeTensors.write(run.file(RunDirectory.CHECKPOINT), tensors(model, optimizer), Map.of(EPOCHS,
                "" + position.epochsDone(), STEP, "" + position.step(), OPTIMIZER_STEPS, "" + optimizer.steps()));
    }

    /** Loads the checkpoint into the model and optimizer in place; empty when the run has none yet. */
    static Optional<Position> load(RunDirectory run, Model model, AdamW optimizer) {
        Path file = run.file(RunDirectory.CHECKPOINT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> meta = SafeTensors.metadata(file);
        long optimizerSteps = number(file, meta, OPTIMIZER_STEPS);
        Position position = new Position((int) number(file, meta, EPOCHS), number(file, meta, STEP));
        WeightFile.load(tensors(model, optimizer), file);
        optimizer.resumeAt(optimizerSteps);
        return Optional.of(position);
    }

    private static Map<String, NDArray> tensors(Model model, AdamW optimizer) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        model.parameters().parameters().forEach((name, p) -> tensors.put(MODEL + name, p));
        optimizer.state().forEach((name, s) -> tensors.put(OPTIMIZER + name, s));
        return tensors;
    }

    private static long number(Path file, Map<String, String> meta, String key) {
        try {
            long value = Long.parseLong(meta.getOrDefault(key, ""));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UserError(file + ": not a vmoe4j checkpoint (metadata '" + key + "' should be a count, found "
                    + meta.get(key) + ")");
        }
    }
}
