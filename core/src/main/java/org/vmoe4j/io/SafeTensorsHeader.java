package org.vmoe4j.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmoe4j.UserError;

/**
 * The header of a safetensors file, parsed and checked so that reading the data afterwards cannot
 * fail on content and cannot allocate more than the file holds: the header length within the file
 * and {@link Limit#HEADER_BYTES}; each tensor's dtype supported, its shape's byte size (computed
 * without overflow) within {@link Limit#TENSOR_BYTES} and equal to its offsets' span; and the
 * offsets tiling the data section exactly, without overlap or gap (as the reference implementation
 * requires), so that the tensors together are never larger than the file.
 *
 * @param entries the tensors in header order
 * @param metadata the {@code __metadata__} strings in header order, empty if none
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    private static final String METADATA = "__metadata__";

    /** One tensor as the header describes it; offsets are absolute positions in the file. */
    record Entry(String name, DataType type, Shape shape, long begin, long end) {}

    /** Reads and checks the header of {@code file}, open as {@code channel}. */
    static SafeTensorsHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw error(file, "not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        SafeTensors.readFully(channel, lengthBytes, 0);
        long length = lengthBytes.flip().getLong();
        if (Long.compareUnsigned(length, size - 8) > 0) {
            throw error(file, "header length " + Long.toUnsignedString(length)
                    + " is larger than the file (" + size + " bytes)");
        }
        DeclaredSize.atMost(file, "header length", length, Limit.HEADER_BYTES);
        ByteBuffer json = ByteBuffer.allocate((int) length);
        SafeTensors.readFully(channel, json, 8);
        JsonNode root;
        try {
            root = SafeTensors.JSON.readTree(json.array());
        } catch (JsonProcessingException ex) {
            throw error(file, "invalid JSON header (" + ex.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw error(file, "invalid header (expected a JSON object)");
        }
        SafeTensorsHeader header = new SafeTensorsHeader(new ArrayList<>(), new LinkedHashMap<>());
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                header.metadata().putAll(parseMetadata(file, field.getValue()));
            } else {
                header.entries().add(parseEntry(file, field.getKey(), field.getValue(), 8 + length, size));
            }
        }
        checkTiling(file, header.entries(), 8 + length, size - 8 - length);
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
        DataType type = SafeTensors.DTYPES.get(dtype.asText());
        if (type == null) {
            throw error(file, "tensor '" + name + "' has unsupported dtype " + dtype.asText()
                    + " (supported: F32, F64, I64, I32, U8, I8)");
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
        long needed = byteSize(file, name, dims, type);
        if (end - begin != needed) {
            throw error(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] spanning "
                    + (end - begin) + " bytes, but shape " + Arrays.toString(dims) + " of "
                    + dtype.asText() + " needs " + needed + " bytes");
        }
        return new Entry(name, type, new Shape(dims), dataStart + begin, dataStart + end);
    }

    private static long byteSize(Path file, String name, long[] dims, DataType type) {
        String what = "the shape of tensor '" + name + "'";
        long elements = DeclaredSize.product(file, what, 0, dims);
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, type.getNumOfBytes());
        } catch (ArithmeticException e) {
            throw error(file, what + " " + DeclaredSize.shape(dims) + ": its bytes exceed 2^63");
        }
        DeclaredSize.atMost(file, "the bytes of tensor '" + name + "' (" + DeclaredSize.shape(dims) + ")", bytes,
                Limit.TENSOR_BYTES);
        return bytes;
    }

    /** Checks that the entries' data, in offset order, cover the data section exactly once. */
    private static void checkTiling(Path file, List<Entry> entries, long dataStart, long dataSize) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        long covered = 0;
        for (Entry e : sorted) {
            long begin = e.begin() - dataStart;
            if (begin < covered) {
                throw error(file, "tensor '" + e.name() + "' has data_offsets " + offsets(e, dataStart)
                        + ", which overlap tensor '" + previous.name() + "' " + offsets(previous, dataStart)
                        + " (each tensor must have bytes of its own)");
            }
            if (begin > covered) {
                throw error(file, "data bytes [" + covered + ", " + begin + ") belong to no tensor (the tensors' "
                        + "data_offsets must tile the data section without gaps)");
            }
            covered = e.end() - dataStart;
            previous = e;
        }
        if (covered != dataSize) {
            throw error(file, "the tensors cover " + covered + " bytes of the " + dataSize + "-byte data section "
                    + "(trailing data; the data_offsets must tile it exactly)");
        }
    }

    private static String offsets(Entry e, long dataStart) {
        return "[" + (e.begin() - dataStart) + ", " + (e.end() - dataStart) + "]";
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
}
