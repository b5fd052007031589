package org.vmoe4j.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.vmoe4j.UserError;
import org.vmoe4j.export.OnnxContract;

/**
 * A classifier exported by vmoe4j ({@link OnnxContract}), run by ONNX Runtime on the CPU with every graph
 * optimisation, {@code threads} intra-op threads and one inter-op thread. Opening checks the file against
 * the contract (one-line {@link UserError}s naming the file); {@link #run} takes normalised pixels as
 * {@code data.Batch.pixels()} holds them.
 */
public final class OnnxClassifier implements AutoCloseable {
    /**
     * One batch's results, row-major.
     *
     * @param logits [batch, classes]
     * @param experts [batch, k] the experts each image was routed to, best first; null unless routed per image
     * @param gates [batch, k] their gate values; null unless routed per image
     */
    public record Output(int batch, float[] logits, long[] experts, float[] gates) {
    }

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxModelInfo info;
    private final int classes;
    private final Set<String> outputs;
    private final MappedExperts experts;
    private final ThreadLocal<FloatBuffer> staging = new ThreadLocal<>(); // one per calling thread (Spark's tasks)

    private OnnxClassifier(Path file, OrtSession session) throws OrtException {
        this.session = session;
        this.info = OnnxModelInfo.read(file, session.getMetadata().getCustomMetadata());
        if (info.family() == OnnxContract.Family.MMLIT_ENCODER) {
            throw new UserError(file + ": holds an mmLiT encoder (output '" + OnnxContract.TOKENS + "'), not a classifier");
        }
        checkInput(file, session.getInputInfo());
        Map<String, NodeInfo> declared = session.getOutputInfo();
        long[] logits = dims(file, declared, OnnxContract.LOGITS, OnnxJavaType.FLOAT);
        if (logits.length != 2 || logits[1] < 1) {
            throw new UserError(file + ": expected output '" + OnnxContract.LOGITS + "' [N, classes], found " + describe(logits));
        }
        this.classes = (int) logits[1];
        if (!info.classNames().isEmpty() && info.classNames().size() != classes) {
            throw new UserError(file + ": " + info.classNames().size() + " class names for " + classes + " logits");
        }
        if (info.family().routedPerImage()) {
            dims(file, declared, OnnxContract.EXPERTS, OnnxJavaType.INT64);
            dims(file, declared, OnnxContract.GATES, OnnxJavaType.FLOAT);
            this.outputs = Set.of(OnnxContract.LOGITS, OnnxContract.EXPERTS, OnnxContract.GATES);
        } else {
            this.outputs = Set.of(OnnxContract.LOGITS);
        }
        this.experts = info.expertFile() == null ? null : MappedExperts.open(file, info, session.getInputInfo());
    }

    /**
     * Opens an exported file.
     *
     * @param threads intra-op threads (at least 1)
     * @throws UserError when the file is missing, is not ONNX, or does not follow the contract
     */
    public static OnnxClassifier open(Path file, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new UserError(file + ": not an ONNX model ONNX Runtime can load (" + firstLine(e.getMessage()) + ")");
        }
        try {
            return new OnnxClassifier(file, session);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof UserError error) {
                throw error;
            }
            throw new UserError(file + ": unreadable ONNX model (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    public OnnxModelInfo info() {
        return info;
    }

    public int classes() {
        return classes;
    }

    /** The memory-mapped experts of a model exported with its experts separated; null when all are in the graph. */
    public MappedExperts experts() {
        return experts;
    }

    /** Runs {@code batch} images given as {@code batch × C × H × W} floats, image after image, each in CHW order. */
    public Output run(float[] pixels, int batch) {
        if (pixels.length != batch * info.imageLength()) {
            throw new IllegalArgumentException(batch + " images need " + batch * info.imageLength() + " floats, got "
                    + pixels.length);
        }
        long[] shape = {batch, info.channels(), info.imageSize(), info.imageSize()};
        try (OnnxTensor input = OnnxTensor.createTensor(environment, staged(pixels), shape);
             OrtSession.Result result = session.run(inputs(input), outputs)) {
            float[] logits = floats(result, OnnxContract.LOGITS);
            if (!info.family().routedPerImage()) {
                return new Output(batch, logits, null, null);
            }
            long[] chosen = longs(result, OnnxContract.EXPERTS);
            if (experts != null) {
                experts.verify(chosen);
            }
            return new Output(batch, logits, chosen, floats(result, OnnxContract.GATES));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pixels in this thread's native staging buffer, which ONNX Runtime reads in place. Handing it a Java array
     * instead makes it allocate a direct buffer per call, whose memory only the garbage collector returns: at
     * 600 KB an image that meant repeated {@code System.gc()} calls from the JDK's direct-memory accounting and
     * about 3 ms per batch-1 call for vit-6x64, whose graph runs in 0.6 ms.
     */
    private FloatBuffer staged(float[] pixels) {
        FloatBuffer buffer = staging.get();
        if (buffer == null || buffer.capacity() < pixels.length) {
            buffer = ByteBuffer.allocateDirect(Float.BYTES * pixels.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            staging.set(buffer);
        }
        buffer.clear();
        return buffer.put(pixels).flip();
    }

    @Override
    public void close() {
        if (experts != null) {
            experts.close();
        }
        closeQuietly(session);
    }

    /** The images and, for separated experts, the mapped stacks. */
    private Map<String, OnnxTensor> inputs(OnnxTensor images) {
        if (experts == null) {
            return Map.of(OnnxContract.INPUT, images);
        }
        Map<String, OnnxTensor> all = new HashMap<>(experts.inputs());
        all.put(OnnxContract.INPUT, images);
        return all;
    }

    /** The images input as the metadata describes it: the only input, unless the experts were separated. */
    private void checkInput(Path file, Map<String, NodeInfo> inputs) {
        long[] expected = {-1, info.channels(), info.imageSize(), info.imageSize()};
        boolean alone = inputs.size() == 1 || info.expertFile() != null;
        long[] found = alone && inputs.containsKey(OnnxContract.INPUT)
                ? dims(file, inputs, OnnxContract.INPUT, OnnxJavaType.FLOAT) : null;
        if (found == null || !Arrays.equals(found, expected)) {
            throw new UserError(file + ": expected one input '" + OnnxContract.INPUT + "' float32 [N, " + info.channels()
                    + ", " + info.imageSize() + ", " + info.imageSize() + "] as its metadata says, found "
                    + (found == null ? inputs.keySet() : describe(found)));
        }
    }

    /** The declared dims of a tensor value; a UserError when it is missing or of another element type. */
    private static long[] dims(Path file, Map<String, NodeInfo> values, String name, OnnxJavaType type) {
        NodeInfo node = values.get(name);
        if (node == null || !(node.getInfo() instanceof TensorInfo tensor) || tensor.type != type) {
            throw new UserError(file + ": expected a " + type.name().toLowerCase() + " tensor named '" + name
                    + "', found " + (node == null ? "none among " + values.keySet() : node.getInfo()));
        }
        return tensor.getShape();
    }

    private static String describe(long[] dims) {
        return Arrays.toString(Arrays.stream(dims).mapToObj(d -> d < 0 ? "N" : Long.toString(d)).toArray());
    }

    private static float[] floats(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] longs(OrtSession.Result result, String name) {
        LongBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getLongBuffer();
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.strip().split("\n")[0];
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to recover: the session's native memory is released either way
        }
    }
}
