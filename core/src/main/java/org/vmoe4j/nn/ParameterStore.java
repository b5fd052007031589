package org.vmoe4j.nn;

import org.vmoe4j.tensor.BatchScope;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every trainable tensor of one model, by its dotted name (timm's names for the dense ViT), in
 * creation order. Values are drawn from a seed and the parameter's name, so a model is the same
 * whatever order its parts are built in, by the model family's {@link Init.Scheme}. The store owns the model's
 * native memory: its manager holds the parameters and is the parent of every {@link BatchScope}; closing the store
 * frees them all.
 */
public final class ParameterStore implements AutoCloseable {
    private final NDManager manager;
    private final long seed;
    private final Init.Scheme scheme;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /** A store on the engine's default device. */
    public ParameterStore(long seed, Init.Scheme scheme) {
        this(seed, scheme, null);
    }

    /** @param device where the parameters and every batch's arrays live; null for the engine's default device */
    public ParameterStore(long seed, Init.Scheme scheme, Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.seed = seed;
        this.scheme = scheme;
    }

    /** One batch's scope, its arrays freed when it closes (see {@link BatchScope} for the rule). */
    public BatchScope openBatch() {
        return new BatchScope(manager);
    }

    /** The root scope: parameters made through it have no prefix. */
    public Scope root() {
        return new Scope(this, "");
    }

    NDArray create(String name, Init init, long... shape) {
        if (parameters.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        Shape s = new Shape(shape);
        float[] values = new float[Math.toIntExact(s.size())];
        init.fill(values, new SplittableRandom(seed * 31 + name.hashCode()), scheme);
        NDArray array = manager.create(values, s);
        array.setName(name);
        array.setRequiresGradient(true);
        parameters.put(name, array);
        return array;
    }

    /** Name → tensor, in creation order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Total number of scalar parameters. */
    public long count() {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Number of scalar parameters whose name starts with {@code prefix}. */
    public long count(String prefix) {
        return parameters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().getShape().size()).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
