package org.vmoe4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.UserError;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void roundTripKeepsNamesOrderDtypesShapesValuesAndMetadata() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("z.f32", manager.arange(6f).reshape(2, 3));
        tensors.put("a.f64", manager.create(new double[] {1.5, -2.25, 1e300, 0}));
        tensors.put("i64", manager.create(new long[] {Long.MIN_VALUE, 7, -1, Long.MAX_VALUE}, new Shape(2, 2)));
        tensors.put("i32", manager.create(new int[] {-5, 0, 123456}));
        tensors.put("u8", manager.create(new byte[] {0, 1, (byte) 200, (byte) 255}).toType(DataType.UINT8, false));
        tensors.put("scalar", manager.create(3.25f));
        tensors.put("four.d", manager.randomNormal(new Shape(2, 3, 4, 5)));
        Path file = dir.resolve("t.safetensors");

        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        Map<String, NDArray> read = SafeTensors.read(file, manager);

        assertThat(read.keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((name, expected) -> {
            NDArray actual = read.get(name);
            assertThat(actual.getDataType()).as(name).isEqualTo(expected.getDataType());
            assertThat(actual.getShape()).as(name).isEqualTo(expected.getShape());
            assertThat(actual.toByteBuffer()).as(name).isEqualTo(expected.toByteBuffer());
        });
        assertThat(read.get("scalar").getShape().dimension()).isZero();
        assertThat(read.get("u8").toUint8Array()).containsExactly(0, 1, 200, 255);
        assertThat(SafeTensors.metadata(file)).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void writesTheSafetensorsByteLayout() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("w", manager.create(new float[] {1f, -2.5f}));
        tensors.put("b", manager.create(new int[] {258}, new Shape()));
        Path file = dir.resolve("tiny.safetensors");

        SafeTensors.write(file, tensors, Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        ByteBuffer expected = ByteBuffer.allocate(8 + padded.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded.length()).put(padded.getBytes(StandardCharsets.US_ASCII));
        expected.put(new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f
        expected.put(new byte[] {0, 0, 0x20, (byte) 0xc0}); // -2.5f
        expected.put(new byte[] {2, 1, 0, 0}); // 258
        assertThat(padded.length() % 8).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
    }

    @Test
    void readsAHandWrittenFileWithSpacesAndDataOutOfHeaderOrder() throws IOException {
        String json = " { \"b\" : {\"shape\": [2], \"dtype\": \"F64\", \"data_offsets\": [0, 16]},"
                + " \"a\": {\"data_offsets\": [16, 17], \"dtype\": \"U8\", \"shape\": [1, 1]},"
                + " \"__metadata__\": {\"x\": \"1\", \"y\": \"two\"} }   ";
        ByteBuffer data = ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.5).putDouble(-8);
        Path file = write("hand.safetensors", json, data.put((byte) 9).array());

        Map<String, NDArray> read = SafeTensors.read(file, manager);

        assertThat(read.keySet()).containsExactly("b", "a");
        assertThat(read.get("b").toDoubleArray()).containsExactly(0.5, -8);
        assertThat(read.get("a").getShape()).isEqualTo(new Shape(1, 1));
        assertThat(read.get("a").toUint8Array()).containsExactly(9);
        assertThat(SafeTensors.metadata(file)).containsExactly(Map.entry("x", "1"), Map.entry("y", "two"));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Files.writeString(file, "old contents");

        SafeTensors.write(file, Map.of("x", manager.ones(new Shape(3))), null);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(SafeTensors.read(file, manager).get("x").toFloatArray()).containsExactly(1f, 1f, 1f);
        assertThat(SafeTensors.metadata(file)).isEmpty();
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(file, manager))
                .isInstanceOf(UserError.class).hasMessage(file + ": no such file");
    }

    @Test
    void fileShorterThanTheHeaderLength() throws IOException {
        Path file = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.read(file, manager))
                .isInstanceOf(UserError.class).hasMessageStartingWith(file + ": not a safetensors file (3 bytes");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).putInt(0);
        Path file = Files.write(dir.resolve("long.safetensors"), bytes.array());
        assertThatThrownBy(() -> SafeTensors.metadata(file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": header length 100 is larger than the file (12 bytes)");
    }

    @Test
    void invalidJson() throws IOException {
        Path file = write("bad.safetensors", "{\"a\": {", new byte[0]);
        assertThatThrownBy(() -> SafeTensors.read(file, manager))
                .isInstanceOf(UserError.class).hasMessageStartingWith(file + ": invalid JSON header (");
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path file = write("bf16.safetensors",
                "{\"h\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", new byte[4]);
        assertThatThrownBy(() -> SafeTensors.read(file, manager)).isInstanceOf(UserError.class)
                .hasMessageStartingWith(file + ": tensor 'h' has unsupported dtype BF16");
    }

    @Test
    void dataOffsetsOutOfRange() throws IOException {
        Path file = write("range.safetensors",
                "{\"t\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.read(file, manager)).isInstanceOf(UserError.class)
                .hasMessage(file + ": tensor 't' has data_offsets [4, 12] outside the data section of 8 bytes");
    }

    @Test
    void dataOffsetsNotMatchingShapeAndDtype() throws IOException {
        Path file = write("size.safetensors",
                "{\"t\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 12]}}", new byte[12]);
        assertThatThrownBy(() -> SafeTensors.read(file, manager)).isInstanceOf(UserError.class)
                .hasMessage(file + ": tensor 't' has data_offsets [0, 12] spanning 12 bytes,"
                        + " but shape [2, 3] of F32 needs 24 bytes");
    }

    @Test
    void tensorsSharingTheSameBytesAreRefused() throws IOException {
        Path file = write("same.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.read(file, manager)).isInstanceOf(UserError.class)
                .hasMessage(file + ": tensor 'b' has data_offsets [0, 8], which overlap tensor 'a' [0, 8]"
                        + " (each tensor must have bytes of its own)");
        Path partly = write("partly.safetensors", "{\"a\": {\"dtype\": \"U8\", \"shape\": [6], \"data_offsets\": [0, 6]},"
                + " \"b\": {\"dtype\": \"U8\", \"shape\": [4], \"data_offsets\": [4, 8]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.metadata(partly)).isInstanceOf(UserError.class)
                .hasMessageContaining("tensor 'b' has data_offsets [4, 8], which overlap tensor 'a' [0, 6]");
    }

    @Test
    void gapsAndTrailingBytesAreRefused() throws IOException {
        Path gap = write("gap.safetensors", "{\"a\": {\"dtype\": \"U8\", \"shape\": [2], \"data_offsets\": [0, 2]},"
                + " \"b\": {\"dtype\": \"U8\", \"shape\": [2], \"data_offsets\": [4, 6]}}", new byte[6]);
        assertThatThrownBy(() -> SafeTensors.read(gap, manager)).isInstanceOf(UserError.class)
                .hasMessage(gap + ": data bytes [2, 4) belong to no tensor (the tensors' data_offsets must tile the data"
                        + " section without gaps)");
        Path tail = write("tail.safetensors", "{\"a\": {\"dtype\": \"U8\", \"shape\": [2], \"data_offsets\": [0, 2]}}",
                new byte[5]);
        assertThatThrownBy(() -> SafeTensors.read(tail, manager)).isInstanceOf(UserError.class)
                .hasMessage(tail + ": the tensors cover 2 bytes of the 5-byte data section (trailing data; the"
                        + " data_offsets must tile it exactly)");
    }

    @Test
    void emptyTensorsTakeNoBytesAndAreRead() throws IOException {
        Path file = write("empty.safetensors", "{\"z\": {\"dtype\": \"F32\", \"shape\": [0, 3], \"data_offsets\": [4, 4]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", new byte[4]);
        Map<String, NDArray> read = SafeTensors.read(file, manager);
        assertThat(read.get("z").getShape()).isEqualTo(new Shape(0, 3));
        assertThat(read.get("a").toFloatArray()).containsExactly(0f);
    }

    @Test
    void shapesWhoseBytesOverflowOrExceedTheTensorLimitAreRefused() throws IOException {
        Path wraps = write("wraps.safetensors",
                "{\"t\": {\"dtype\": \"F64\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 0]}}",
                new byte[0]);
        assertThatThrownBy(() -> SafeTensors.read(wraps, manager)).isInstanceOf(UserError.class)
                .hasMessage(wraps + ": the shape of tensor 't' 4294967296x4294967296: the product of the dimensions exceeds 2^63");
        Path big = write("big.safetensors",
                "{\"t\": {\"dtype\": \"F32\", \"shape\": [1073741824], \"data_offsets\": [0, 4294967296]}}",
                new byte[0]);
        assertThatThrownBy(() -> SafeTensors.read(big, manager)).isInstanceOf(UserError.class)
                .hasMessage(big + ": tensor 't' has data_offsets [0, 4294967296] outside the data section of 0 bytes");
        Path negative = write("neg.safetensors",
                "{\"t\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", new byte[4]);
        assertThatThrownBy(() -> SafeTensors.read(negative, manager)).isInstanceOf(UserError.class)
                .hasMessage(negative + ": the shape of tensor 't' -1: dimension 0 is -1 (expected every dimension >= 0)");
    }

    @Test
    void aTensorOfFourGigabytesInASparseFileIsRefusedByTheLimit() throws IOException {
        byte[] head = HostileFiles.safetensors("{\"t\": {\"dtype\": \"F32\", \"shape\": [1073741824],"
                + " \"data_offsets\": [0, 4294967296]}}", new byte[0]);
        Path file = HostileFiles.sparse(dir.resolve("huge.safetensors"), head, head.length + (4L << 30));
        assertThatThrownBy(() -> SafeTensors.read(file, manager)).isInstanceOf(UserError.class)
                .hasMessage(file + ": the bytes of tensor 't' (1073741824) = 4,294,967,296, above the limit of"
                        + " 2,147,483,639 bytes per tensor");
    }

    @Test
    void aHeaderAboveItsLimitIsRefusedBeforeItIsRead() throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(64L << 20).array();
        Path file = HostileFiles.sparse(dir.resolve("header.safetensors"), length, 8 + (64L << 20));
        assertThatThrownBy(() -> SafeTensors.metadata(file)).isInstanceOf(UserError.class)
                .hasMessage(file + ": header length = 67,108,864, above the limit of 16,777,216 bytes of safetensors header");
    }

    @Test
    void readsOnlyTheSelectedTensors() {
        Path file = dir.resolve("sel.safetensors");
        SafeTensors.write(file, Map.of("x", manager.ones(new Shape(3)), "y", manager.zeros(new Shape(2))), null);
        assertThat(SafeTensors.read(file, manager, "y"::equals).keySet()).containsExactly("y");
        assertThat(SafeTensors.shapes(file)).containsEntry("x", new Shape(3)).containsEntry("y", new Shape(2));
    }

    /** Writes a safetensors file from a header string and data bytes, without using the code under test. */
    private Path write(String name, String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(data);
        return Files.write(dir.resolve(name), out.toByteArray());
    }
}
