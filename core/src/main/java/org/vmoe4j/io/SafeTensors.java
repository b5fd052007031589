package org.vmoe4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmoe4j.UserError;

/**
 * Reads and writes the Hugging Face safetensors format: an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON describing each tensor ({@code dtype}, {@code shape}, {@code data_offsets}
 * relative to the end of the header) plus an optional {@code __metadata__} string map, then the
 * raw little-endian tensor bytes. Supported dtypes: F32, F64, I64, I32, U8.
 *
 * <p>Tensor bytes are passed to and from DJL in native byte order, which is little-endian on every
 * platform the PyTorch engine runs on.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String METADATA = "__metadata__";
    /** The reference implementation refuses headers above this size as well. */
    private static final long MAX_HEADER = 100_000_000;
    private static final Map<String, DataType> DTYPES = Map.of(
            "F32", DataType.FLOAT32, "F64", DataType.FLOAT64, "I64", DataType.INT64,
            "I32", DataType.INT32, "U8", DataType.UINT8);

    private SafeTensors() {}

    /** One tensor as described by the header; offsets are absolute positions in the file. */
    private record Entry(String name, DataType type, Shape shape, long begin, long end) {}

    private record Header(List<Entry> entries, Map<String, String> metadata) {}

    /**
     * Reads all tensors of a safetensors file.
     *
     * @param file the file to read
     * @param manager the manager that owns the created arrays
     * @return the tensors by name, in the order of the file's header
     * @throws UserError if the file is missing, unreadable or not a valid safetensors file
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        try (FileChannel channel = open(file)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Entry e : header(file, channel).entries()) {
                ByteBuffer data = ByteBuffer.allocateDirect(Math.toIntExact(e.end() - e.begin()));
                readFully(channel, data.order(ByteOrder.nativeOrder()), e.begin());
                // duplicate(): native memory of its own instead of aliasing the read buffer
                try (NDArray view = manager.create(data.flip(), e.shape(), e.type())) {
                    tensors.put(e.name(), view.duplicate());
                }
            }
            return tensors;
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
            return header(file, channel).metadata();
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
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                writeFully(out, length.putLong(header.length).flip());
                writeFully(out, ByteBuffer.wrap(header));
                for (NDArray tensor : tensors.values()) {
                    writeFully(out, tensor.toByteBuffer());
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            deleteQuietly(tmp);
            throw new UserError(file + ": cannot write (" + ex + ")", ex);
        }
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

    /** Parses and validates the header, so that reading the data afterwards cannot fail on content. */
    private static Header header(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw error(file, "not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long length = lengthBytes.flip().getLong();
        if (Long.compareUnsigned(length, size - 8) > 0) {
            throw error(file, "header length " + Long.toUnsignedString(length)
                    + " is larger than the file (" + size + " bytes)");
        }
        if (length > MAX_HEADER) {
            throw error(file, "header length " + length + " exceeds the limit of " + MAX_HEADER + " bytes");
        }
        ByteBuffer json = ByteBuffer.allocate((int) length);
        readFully(channel, json, 8);
        JsonNode root;
        try {
            root = JSON.readTree(json.array());
        } catch (JsonProcessingException ex) {
            throw error(file, "invalid JSON header (" + ex.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw error(file, "invalid header (expected a JSON object)");
        }
        Header header = new Header(new ArrayList<>(), new LinkedHashMap<>());
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                header.metadata().putAll(parseMetadata(file, field.getValue()));
            } else {
                header.entries().add(parseEntry(file, field.getKey(), field.getValue(), 8 + length, size));
            }
        }
        return header;
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!node.isObject()) {
            throw error(file, "invalid " + METADATA + " (expected a JSON object of strings)");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw error(file, METADATA + " value of '" + field.getKey() + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
        return metadata;
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataStart, long fileSize) {
        JsonNode dtype = node.path("dtype");
        JsonNode shape = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!dtype.isTextual() || !isLongArray(shape) || !isLongArray(offsets) || offsets.size() != 2) {
            throw error(file, "tensor '" + name + "' has an invalid header entry"
                    + " (expected dtype string, shape array and data_offsets [begin, end])");
        }
        DataType type = DTYPES.get(dtype.asText());
        if (type == null) {
            throw error(file, "tensor '" + name + "' has unsupported dtype " + dtype.asText()
                    + " (supported: F32, F64, I64, I32, U8)");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong();
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long dataSize = fileSize - dataStart;
        if (begin < 0 || begin > end || end > dataSize) {
            throw error(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] outside the data section of " + dataSize + " bytes");
        }
        Shape s = new Shape(dims);
        long needed = byteSize(file, name, s, type);
        if (end - begin != needed) {
            throw error(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] spanning "
                    + (end - begin) + " bytes, but shape " + Arrays.toString(dims) + " of "
                    + dtype.asText() + " needs " + needed + " bytes");
        }
        return new Entry(name, type, s, dataStart + begin, dataStart + end);
    }

    private static long byteSize(Path file, String name, Shape shape, DataType type) {
        long bytes = type.getNumOfBytes();
        for (long d : shape.getShape()) {
            if (d < 0 || d > Integer.MAX_VALUE || (bytes = bytes * d) > Integer.MAX_VALUE) {
                throw error(file, "tensor '" + name + "' has shape " + Arrays.toString(shape.getShape())
                        + ", which is invalid or larger than 2 GiB");
            }
        }
        return bytes;
    }

    private static boolean isLongArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static UserError error(Path file, String what) {
        return new UserError(file + ": " + what);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
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

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }
}
