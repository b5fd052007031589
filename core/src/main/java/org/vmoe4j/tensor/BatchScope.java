package org.vmoe4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * The lifetime of one batch's arrays. The rule, enforced here: a model owns the manager of its parameters (closed
 * with the model); every service (training step, evaluation batch, prediction, benchmark iteration) opens one
 * {@code BatchScope} per batch or step from the model ({@code Model.openBatch()}), creates its inputs through it,
 * and closes it when the batch is done, which frees every intermediate array of the forward and backward pass.
 */
public final class BatchScope implements AutoCloseable {
    private final NDManager manager;
    private final NDScope scope;

    public BatchScope(NDManager parent) {
        this.manager = parent.newSubManager();
        this.scope = new NDScope();
    }

    /** Inputs of this batch, e.g. images [B, C, H, W], with native memory of their own. */
    public NDArray floats(float[] values, long... shape) {
        return Ops.floats(manager, values, shape);
    }

    /** Int64 inputs of this batch (labels, indices) with native memory of their own. */
    public NDArray longs(long[] values, long... shape) {
        return Ops.longs(manager, values, shape);
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        scope.close();
        manager.close();
    }
}
