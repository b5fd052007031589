package org.vmoe4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.vmoe4j.UserError;
import org.vmoe4j.tensor.Ops;

/**
 * Reads and writes the Hugging Face safetensors format: an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON describing each tensor ({@code dtype}, {@code shape}, {@code data_offsets}
 * relative to the end of the header) plus an optional {@code __metadata__} string map, then the
 * raw little-endian tensor bytes. Supported dtypes: F32, F64, I64, I32, U8, I8.
 *
 * <p>Tensor bytes are passed to and from DJL in native byte order, which is little-endian on every
 * platform the PyTorch engine runs on.
 */
public final class SafeTensors {
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String METADATA = "__metadata__";
    static final Map<String, DataType> DTYPES = Map.of(
            "F32", DataType.FLOAT32, "F64", DataType.FLOAT64, "I64", DataType.INT64,
            "I32", DataType.INT32, "U8", DataType.UINT8, "I8", DataType.INT8);

    private SafeTensors() {}

    /**
     * Reads all tensors of a safetensors file.
     *
     * @param file the file to read
     * @param manager the manager that owns the created arrays
     * @return the tensors by name, in the order of the file's header
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        return read(file, manager, name -> true);
    }

    /**
     * Reads the tensors of a safetensors file whose names {@code select} accepts; the others' data is
     * not read. The whole header is checked first ({@link SafeTensorsHeader}).
     *
     * @return the selected tensors by name, in the order of the file's header
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, NDArray> read(Path file, NDManager manager, Predicate<String> select) {
        try (FileChannel channel = open(file)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : SafeTensorsHeader.read(file, channel).entries()) {
                if (!select.test(e.name())) {
                    continue;
                }
                NDArray tensor = manager.create(e.shape(), e.type()); // native memory of its own, filled in place
                readFully(channel, Ops.memory(tensor), e.begin());
                tensors.put(e.name(), tensor);
            }
            return tensors;
        } catch (IOException ex) {
            throw new UserError(file + ": cannot read (" + ex.getMessage() + ")", ex);
        }
    }

    /** A tensor's bytes mapped from its file, read-only, in the file's (little-endian) byte order. */
    public record Mapped(DataType type, Shape shape, ByteBuffer data) {}

    /**
     * Maps every tensor of a safetensors file into memory without reading its data: the operating system reads
     * a page when it is first touched. The header is checked first; the mappings stay valid after this returns.
     *
     * @return the tensors by name, in the order of the file's header
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, Mapped> map(Path file) {
        try (FileChannel channel = open(file)) {
            Map<String, Mapped> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : SafeTensorsHeader.read(file, channel).entries()) {
                ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, e.begin(), e.end() - e.begin());
                tensors.put(e.name(), new Mapped(e.type(), e.shape(), data.order(ByteOrder.LITTLE_ENDIAN)));
            }
            return tensors;
        } catch (IOException ex) {
            throw new UserError(file + ": cannot read (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * The shape of every tensor of a safetensors file, from its header alone.
     *
     * @return the shapes by tensor name, in the order of the file's header
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, Shape> shapes(Path file) {
        try (FileChannel channel = open(file)) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            SafeTensorsHeader.read(file, channel).entries().forEach(e -> shapes.put(e.name(), e.shape()));
            return shapes;
        } catch (IOException ex) {
            throw new UserError(file + ": cannot read (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Reads the {@code __metadata__} map of a safetensors file.
     *
     * @param file the file to read
     * @return the metadata in file order, empty if the file has none
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel channel = open(file)) {
            return SafeTensorsHeader.read(file, channel).metadata();
        } catch (IOException ex) {
            throw new UserError(file + ": cannot read (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Writes tensors atomically: to a temporary file in the same directory, which then replaces
     * {@code file}. The header is padded with spaces to a multiple of 8 bytes.
     *
     * @param file the file to create or replace
     * @param tensors the tensors by name, written in map order; dtypes F32, F64, I64, I32 or U8
     * @param metadata string metadata stored as {@code __metadata__}; omitted if null or empty
     * @throws IllegalArgumentException if a tensor has an unsupported data type
     * @throws UserError if the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        byte[] header = headerJson(tensors, metadata);
        AtomicFile.write(file, tmp -> {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                writeFully(out, length.putLong(header.length).flip());
                writeFully(out, ByteBuffer.wrap(header));
                for (NDArray tensor : tensors.values()) {
                    writeFully(out, tensor.toByteBuffer());
                }
            }
        });
    }

    private static byte[] headerJson(Map<String, NDArray> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            NDArray array = t.getValue();
            long bytes = array.size() * array.getDataType().getNumOfBytes();
            ObjectNode info = root.putObject(t.getKey());
            info.put("dtype", dtypeName(t.getKey(), array.getDataType()));
            Arrays.stream(array.getShape().getShape()).forEach(info.putArray("shape")::add);
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static String dtypeName(String tensor, DataType type) {
        return DTYPES.entrySet().stream().filter(d -> d.getValue() == type).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "tensor '" + tensor + "' has data type " + type + ", which safetensors I/O does not support"));
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException ex) {
            throw new UserError(file + ": no such file", ex);
        }
    }

    static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            position += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer from) throws IOException {
        while (from.hasRemaining()) {
            channel.write(from);
        }
    }
}
