package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;

/** A place in the parameter-name tree ({@code blocks.3.attn}) where a module creates its tensors. */
public record Scope(ParameterStore store, String prefix) {

    /** The scope of a sub-module: {@code blocks} then {@code 3} gives {@code blocks.3}. */
    public Scope child(String name) {
        return new Scope(store, prefix.isEmpty() ? name : prefix + "." + name);
    }

    /** The scope of the i-th element of a list of modules. */
    public Scope child(int index) {
        return child(Integer.toString(index));
    }

    /** Creates the parameter {@code prefix.name} with the given shape. */
    public NDArray param(String name, Init init, long... shape) {
        return store.create(child(name).prefix(), init, shape);
    }
}
