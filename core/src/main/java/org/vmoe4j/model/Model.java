package org.vmoe4j.model;

import java.util.List;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.ParameterStore;

/**
 * A built model: its configuration, its named parameters and what each of its layers costs.
 * Forward passes create intermediate arrays; call them inside an {@code NDScope} (or close the results).
 */
public interface Model extends AutoCloseable {
    ModelConfig config();

    ParameterStore parameters();

    /** Per-layer parameters, active parameters and FLOPs per image, in forward order (SPEC §1 counting). */
    List<LayerCost> costs();

    /** The sum of {@link #costs()}. */
    default Cost totalCost() {
        return costs().stream().map(LayerCost::cost).reduce(Cost.ZERO, Cost::plus);
    }

    @Override
    default void close() {
        parameters().close();
    }
}
