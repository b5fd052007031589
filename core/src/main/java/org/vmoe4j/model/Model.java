package org.vmoe4j.model;

import org.vmoe4j.tensor.BatchScope;
import java.util.List;
import org.vmoe4j.config.ModelConfig;

import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.ParameterStore;

/**
 * A built model: its configuration, its named parameters and what each of its layers costs. The model owns the
 * native memory of its parameters (freed by {@link #close()}); forward passes run inside a {@link BatchScope}
 * opened with {@link #openBatch()}, one per batch or step.
 */
public interface Model extends AutoCloseable {
    ModelConfig config();

    ParameterStore parameters();

    /** Per-layer parameters, active parameters and FLOPs per image, in forward order (SPEC §1 counting). */
    List<LayerCost> costs();

    /** The scope of one batch's arrays (inputs and every intermediate), freed when it closes. */
    default BatchScope openBatch() {
        return parameters().openBatch();
    }

    /** The sum of {@link #costs()}. */
    default Cost totalCost() {
        return costs().stream().map(LayerCost::cost).reduce(Cost.ZERO, Cost::plus);
    }

    @Override
    default void close() {
        parameters().close();
    }
}
