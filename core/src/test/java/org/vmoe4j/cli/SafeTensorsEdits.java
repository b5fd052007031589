package org.vmoe4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.vmoe4j.HostileFiles;

/** Edits of a valid safetensors file's JSON header (the data is kept), for the fuzz tests. */
final class SafeTensorsEdits {
    private SafeTensorsEdits() {
    }

    static String header(byte[] file) {
        int length = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, length, StandardCharsets.UTF_8);
    }

    static byte[] data(byte[] file) {
        return Arrays.copyOfRange(file, 8 + header(file).getBytes(StandardCharsets.UTF_8).length, file.length);
    }

    static byte[] withHeader(byte[] file, String json) {
        return HostileFiles.safetensors(json, data(file));
    }

    /** The header with its first {@code from} replaced by {@code to}. */
    static byte[] replaceFirst(byte[] file, String from, String to) {
        String json = header(file);
        int at = json.indexOf(from);
        if (at < 0) {
            throw new IllegalArgumentException(from + " is not in the header");
        }
        return withHeader(file, json.substring(0, at) + to + json.substring(at + from.length()));
    }

    /** Every tensor's data_offsets moved to start at 0, as in issue 16's file: all share the same bytes. */
    static byte[] sameOffsets(byte[] file) {
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(header(file));
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                ArrayNode offsets = (ArrayNode) e.getValue().get("data_offsets");
                long size = offsets.get(1).asLong() - offsets.get(0).asLong();
                offsets.removeAll().add(0).add(size);
            }
            return withHeader(file, root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first tensor's entry written twice: a duplicated name. */
    static byte[] duplicateFirst(byte[] file) {
        String json = header(file);
        String first = json.substring(1, json.indexOf('}') + 1);
        return withHeader(file, "{" + first + "," + json.substring(1));
    }
}
