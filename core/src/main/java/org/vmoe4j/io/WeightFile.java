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

    /**
     * Copies into each parameter named in {@code sources} the file's tensor named for it; a parameter with one more
     * leading axis than its tensor (a stack of experts) gets one copy of it per entry of that axis. Every tensor of
     * the file must be the source of some parameter.
     *
     * @param sources parameter name → tensor name in the file
     * @throws UserError naming the first tensor that is missing, unused or of a shape that does not fit; nothing is
     *                   copied then
     */
    public static void loadFrom(Map<String, NDArray> params, Path file, Map<String, String> sources) {
        Map<String, Shape> shapes = SafeTensors.shapes(file);
        List<String> problems = new ArrayList<>();
        sources.forEach((name, source) -> {
            Shape shape = shapes.get(source);
            Shape target = params.get(name).getShape();
            if (shape == null) {
                problems.add("missing tensor '" + source + "' for " + name + " (expected shape " + dims(target) + ")");
            } else if (!shape.equals(target) && !shape.equals(target.slice(1))) {
                problems.add("tensor '" + source + "' has shape " + dims(shape) + ", " + name + " needs "
                        + dims(target) + (target.dimension() > 1 ? " or " + dims(target.slice(1)) : ""));
            }
        });
        shapes.keySet().stream().filter(name -> !sources.containsValue(name)).forEach(name ->
                problems.add("unexpected tensor '" + name + "' (no parameter of the model takes it)"));
        report(file, problems);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> tensors = SafeTensors.read(file, manager, name -> true);
            sources.forEach((name, source) -> {
                NDArray param = params.get(name);
                NDArray value = tensors.get(source).toType(param.getDataType(), false);
                param.set(ALL, value.getShape().equals(param.getShape()) ? value
                        : value.expandDims(0).broadcast(param.getShape()));
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
        report(file, problems);
    }

    private static void report(Path file, List<String> problems) {
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
