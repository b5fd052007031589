package org.vmoe4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Malformed files that are small on disk however large they claim to be: sparse files, gzip bombs
 * of zeros, hand-made headers, and the byte mutations the fuzz tests apply to valid files.
 */
public final class HostileFiles {
    private HostileFiles() {
    }

    /** An IDX header of unsigned bytes: magic 0x0000080N, then the dimensions. */
    public static byte[] idxHeader(int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** Writes {@code head} and makes the file {@code length} bytes long; the rest is a hole (no disk used). */
    public static Path sparse(Path file, byte[] head, long length) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(head);
            f.setLength(length);
        }
        return file;
    }

    /** A gzip file of {@code head} followed by {@code zeros} zero bytes (about zeros / 1000 bytes on disk). */
    public static Path gzipOfZeros(Path file, byte[] head, long zeros) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head);
            for (long left = zeros; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    /**
     * A PNG whose header declares {@code width x height} 8-bit gray pixels, followed by the image
     * data of one row only: valid up to its header, truncated after it.
     */
    public static byte[] pngHeader(int width, int height) {
        try {
            return pngHeaderThrowing(width, height);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] pngHeaderThrowing(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        png.write(pngChunk("IHDR", ihdr.array()));
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            z.write(new byte[Math.min(width, 1 << 16) + 1]);
        }
        png.write(pngChunk("IDAT", idat.toByteArray()));
        png.write(pngChunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] kind = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(kind);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(kind).put(data).putInt((int) crc.getValue())
                .array();
    }

    /** A safetensors file: the 8-byte little-endian header length, the JSON header, the data. */
    public static byte[] safetensors(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** {@code b} with bit {@code bit} (0 = the first byte's lowest bit) flipped. */
    public static byte[] flipBit(byte[] b, int bit) {
        byte[] out = b.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }

    /** The first {@code length} bytes of {@code b}. */
    public static byte[] cut(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    /** {@code b} with the 4 bytes at {@code at} replaced by {@code value} in the given byte order. */
    public static byte[] putInt(byte[] b, int at, int value, ByteOrder order) {
        byte[] out = b.clone();
        ByteBuffer.wrap(out).order(order).putInt(at, value);
        return out;
    }
}
