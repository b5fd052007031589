package org.vmoe4j.runtime;

import ai.djl.ndarray.types.DataType;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.vmoe4j.UserError;
import org.vmoe4j.export.ExpertChecksums;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.io.SafeTensors;

/**
 * The separated experts of an exported Mobile V-MoE ({@link OnnxContract}): the side file memory-mapped and each
 * of its stacks [E, ...] handed to ONNX Runtime as a graph input over the mapping itself, without a copy. Nothing
 * of the experts is read when the file is opened; the graph's Gather reads only the slices of the experts the
 * router chose, so only their pages are ever faulted in: at batch 1 with k = 1 the resident expert weights are
 * one expert's, however many the file holds. The first time an expert is used, its bytes (already resident) are
 * checked against the checksum the model records, so a corrupt side file fails with one line instead of giving
 * wrong answers.
 */
public final class MappedExperts implements AutoCloseable {
    private final Path file;
    private final Path model;
    private final Map<String, OnnxTensor> inputs;
    private final List<ByteBuffer> stacks;
    private final List<Long> checksums;
    private final boolean[] verified;

    private MappedExperts(Path file, Path model, Map<String, OnnxTensor> inputs, List<ByteBuffer> stacks,
                          List<Long> checksums) {
        this.file = file;
        this.model = model;
        this.inputs = inputs;
        this.stacks = stacks;
        this.checksums = checksums;
        this.verified = new boolean[checksums.size()];
    }

    /**
     * Maps the side file of {@code model} and checks it against the model's metadata and declared inputs (every
     * input but the images, by name, element type and shape).
     *
     * @throws UserError naming the side file when it is missing, not a valid safetensors file (truncated, say), or
     *                   holds other tensors or other experts than the model was exported with
     */
    static MappedExperts open(Path model, OnnxModelInfo info, Map<String, NodeInfo> declared) {
        Path file = info.expertFile();
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file (the expert weights of " + model + ")");
        }
        Map<String, SafeTensors.Mapped> mapped = SafeTensors.map(file);
        String recorded = SafeTensors.metadata(file).get(OnnxContract.EXPERT_CHECKSUMS);
        String expected = info.expertChecksums().stream().map(Long::toHexString).collect(Collectors.joining(","));
        if (!expected.equals(recorded)) {
            throw new UserError(file + ": its " + OnnxContract.EXPERT_CHECKSUMS + " are not those of " + model
                    + " (the files come from different exports)");
        }
        Map<String, NodeInfo> wanted = new LinkedHashMap<>(declared);
        wanted.remove(OnnxContract.INPUT);
        if (!wanted.keySet().equals(mapped.keySet())) {
            throw new UserError(file + ": holds tensors " + mapped.keySet() + ", " + model + " takes " + wanted.keySet());
        }
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        List<ByteBuffer> stacks = new ArrayList<>();
        try {
            for (Map.Entry<String, SafeTensors.Mapped> tensor : mapped.entrySet()) {
                stacks.add(tensor.getValue().data());
                inputs.put(tensor.getKey(), input(file, tensor.getKey(), tensor.getValue(), wanted.get(tensor.getKey()),
                        info.expertChecksums().size()));
            }
        } catch (RuntimeException e) {
            inputs.values().forEach(OnnxTensor::close);
            throw e;
        }
        return new MappedExperts(file, model, inputs, stacks, info.expertChecksums());
    }

    /** The side file. */
    public Path file() {
        return file;
    }

    /** How many experts each stack holds. */
    public int experts() {
        return checksums.size();
    }

    /** Bytes of the side file resident in this process's memory now ({@link ResidentMemory#ofFile}). */
    public long residentBytes() {
        return ResidentMemory.ofFile(file);
    }

    /** The graph inputs over the mapping, by name. */
    Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    /**
     * Checks the experts in {@code used} that were never checked before against their recorded checksums.
     *
     * @throws UserError naming the side file and the expert whose bytes differ
     */
    synchronized void verify(long[] used) {
        for (long e : used) {
            int expert = Math.toIntExact(e);
            if (!verified[expert]) {
                if (ExpertChecksums.of(stacks, experts(), expert) != checksums.get(expert)) {
                    throw new UserError(file + ": the weights of expert " + expert + " do not match their checksum in "
                            + model + " (the file is corrupt)");
                }
                verified[expert] = true;
            }
        }
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
    }

    /** One stack as an ONNX Runtime tensor over its mapped bytes, after checking it against the declared input. */
    private static OnnxTensor input(Path file, String name, SafeTensors.Mapped tensor, NodeInfo declared, int experts) {
        long[] dims = tensor.shape().getShape();
        OnnxJavaType type = tensor.type() == DataType.INT8 ? OnnxJavaType.INT8
                : tensor.type() == DataType.FLOAT32 ? OnnxJavaType.FLOAT : OnnxJavaType.UNKNOWN;
        TensorInfo wanted = (TensorInfo) declared.getInfo();
        if (type != wanted.type || !Arrays.equals(dims, wanted.getShape()) || dims.length == 0 || dims[0] != experts) {
            throw new UserError(file + ": tensor '" + name + "' is " + tensor.type() + " " + Arrays.toString(dims)
                    + ", the model takes " + wanted.type + " " + Arrays.toString(wanted.getShape()) + " over " + experts
                    + " experts");
        }
        try {
            return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), tensor.data(), dims, type);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the mapped tensor " + name + ": " + e.getMessage(), e);
        }
    }
}
