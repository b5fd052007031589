package org.vmoe4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vmoe4j.UserError;

/**
 * An IDX file of unsigned bytes (the MNIST format): a 4-byte magic number
 * {@code 0x00 0x00 0x08 ndim}, {@code ndim} big-endian 32-bit dimensions, then the data. The
 * stream may be gzipped (recognised by its content, whatever the file is called).
 *
 * @param dims the dimensions, outermost (the record count) first
 * @param data the bytes after the header, exactly {@code prod(dims)} of them
 */
record IdxFile(int[] dims, byte[] data) {
    static final int UNSIGNED_BYTE = 0x08;

    /**
     * Reads an IDX file of {@code ndim} dimensions from {@code in} (closed afterwards).
     *
     * @param name the file, for messages
     */
    static IdxFile read(InputStream in, String name, int ndim) {
        int expectedMagic = (UNSIGNED_BYTE << 8) | ndim;
        byte[] bytes;
        try (InputStream raw = new BufferedInputStream(in)) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream body = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw) {
                bytes = body.readAllBytes();
            }
        } catch (EOFException e) {
            throw new UserError(name + ": truncated gzip stream (file cut short?)", e);
        } catch (ZipException e) {
            throw new UserError(name + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserError(name + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length < 4) {
            throw new UserError(name + ": " + bytes.length + " bytes, too short for an IDX header (truncated?)");
        }
        int magic = readInt(bytes, 0);
        if (magic != expectedMagic) {
            throw new UserError(String.format("%s: wrong magic number 0x%08X, expected 0x%08X (IDX file of unsigned "
                    + "bytes with %d dimension%s: %s)", name, magic, expectedMagic, ndim, ndim == 1 ? "" : "s",
                    ndim == 1 ? "labels" : "images"));
        }
        int headerBytes = 4 + 4 * ndim;
        if (bytes.length < headerBytes) {
            throw new UserError(name + ": header cut short (" + bytes.length + " bytes, the header needs "
                    + headerBytes + "); truncated?");
        }
        int[] dims = new int[ndim];
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            dims[d] = readInt(bytes, 4 + 4 * d);
            if (dims[d] < 0) {
                throw new UserError(name + ": dimension " + d + " is negative (" + dims[d] + ")");
            }
            count *= dims[d];
        }
        long available = bytes.length - headerBytes;
        if (available < count) {
            throw new UserError(name + ": truncated: the header announces " + Arrays.toString(dims) + " = " + count
                    + " data bytes, the file has " + available);
        }
        return new IdxFile(dims, Arrays.copyOfRange(bytes, headerBytes, headerBytes + (int) count));
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
