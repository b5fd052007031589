package org.vmoe4j.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.vmoe4j.UserError;

/** Loads and saves a model's parameters, by name, as a safetensors file. */
public final class WeightFile {
    private static final NDIndex ALL = new NDIndex("...");

    private WeightFile() {}

    /**
     * Overwrites every parameter with the tensor of the same name in {@code file}. The file must
     * hold exactly the parameters' names, with the same shapes.
     *
     * @see #load(Map, Path, Predicate)
     */
    public static void load(Map<String, NDArray> params, Path file) {
        load(params, file, name -> true);
    }

    /**
     * Overwrites the selected parameters with the tensors of the same name in {@code file}. Only
     * names for which {@code select} is true are considered, in the model and in the file: each
     * selected parameter must be in the file with the same shape, and each selected tensor of the
     * file must be a parameter. Values are copied into the existing arrays, which keep their
     * identity, data type and attached gradients; a tensor of another data type is converted.
     *
     * @param params the model's parameters by name, already allocated
     * @param file the safetensors file to read
     * @param select which names to load
     * @throws UserError if the file cannot be read or does not match; nothing is copied then
     */
    public static void load(Map<String, NDArray> params, Path file, Predicate<String> select) {
        checkNamesAndShapes(params, file, select, SafeTensors.shapes(file));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // only the tensors to copy are read: memory is the model's own size, whatever the file holds
            Map<String, NDArray> tensors = SafeTensors.read(file, manager, select.and(params::containsKey));
            params.forEach((name, param) -> {
                if (select.test(name)) {
                    // a native copy: set(Buffer) would leave the parameter aliasing a Java buffer that GC may free
                    param.set(ALL, tensors.get(name).toType(param.getDataType(), false));
                }
            });
        }
    }

    /** Compares the file's header with the selected parameters; the first problem is thrown, the others counted. */
    private static void checkNamesAndShapes(Map<String, NDArray> params, Path file, Predicate<String> select,
            Map<String, Shape> shapes) {
        List<String> problems = new ArrayList<>();
        params.forEach((name, param) -> {
            if (!select.test(name)) {
                return;
            }
            Shape shape = shapes.get(name);
            if (shape == null) {
                problems.add("missing tensor '" + name + "' (expected shape " + dims(param.getShape()) + ")");
            } else if (!shape.equals(param.getShape())) {
                problems.add("tensor '" + name + "' has shape " + dims(shape) + ", expected " + dims(param.getShape()));
            }
        });
        shapes.keySet().stream().filter(select).filter(name -> !params.containsKey(name)).forEach(name ->
                problems.add("unexpected tensor '" + name + "' (the model has no parameter of that name)"));
        if (!problems.isEmpty()) {
            int more = problems.size() - 1;
            throw new UserError(file + ": " + problems.get(0)
                    + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? ")" : "s)")));
        }
    }

    /**
     * Saves parameters to a safetensors file, atomically, in map order.
     *
     * @param params the parameters by name
     * @param file the file to create or replace
     * @param metadata string metadata to store in the file; may be null or empty
     * @throws UserError if the file cannot be written
     */
    public static void save(Map<String, NDArray> params, Path file, Map<String, String> metadata) {
        SafeTensors.write(file, params, metadata);
    }

    private static String dims(Shape shape) {
        return Arrays.toString(shape.getShape());
    }
}
