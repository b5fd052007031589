package org.vmoe4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import org.vmoe4j.io.Limit;

/**
 * An IDX file of unsigned bytes (the MNIST format): a 4-byte magic number
 * {@code 0x00 0x00 0x08 ndim}, {@code ndim} big-endian 32-bit dimensions, then exactly
 * {@code prod(dims)} data bytes. The stream may be gzipped (recognised by its content, whatever the
 * file is called). The header is checked before the data is read: every dimension at least 1, the
 * record count within {@link Limit#IMAGES}, an image within {@link Limit#IMAGE_PIXELS}, the data
 * within {@link Limit#ARRAY_BYTES} and within what the file (or, gzipped, its inflation) can hold;
 * the data is then read into one array of exactly the declared size, and data beyond it is an error.
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
     * @param fileBytes the length of the file behind {@code in}, or -1 if unknown (a class-path resource)
     */
    static IdxFile read(InputStream in, String name, int ndim, long fileBytes) {
        try (InputStream raw = new BufferedInputStream(in)) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream body = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw) {
                int[] dims = header(body, name, ndim);
                long count = checkedCount(name, dims, gzipped, fileBytes);
                byte[] data = DeclaredSize.allocate(name, announced(dims), count);
                DeclaredSize.fits(name, announced(dims), count, readChunked(body, data));
                if (body.read() >= 0) {
                    throw new UserError(name + ": more data than the " + DeclaredSize.shape(dims) + " = " + count
                            + " bytes the header announces; not an IDX file of that shape?");
                }
                return new IdxFile(dims, data);
            }
        } catch (EOFException e) {
            throw new UserError(name + ": truncated gzip stream (file cut short?)", e);
        } catch (ZipException e) {
            throw new UserError(name + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserError(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The magic number and the dimensions, checked. */
    private static int[] header(InputStream body, String name, int ndim) throws IOException {
        byte[] head = body.readNBytes(4 + 4 * ndim);
        if (head.length < 4) {
            throw new UserError(name + ": " + head.length + " bytes, too short for an IDX header (truncated?)");
        }
        int expectedMagic = (UNSIGNED_BYTE << 8) | ndim;
        int magic = readInt(head, 0);
        if (magic != expectedMagic) {
            throw new UserError(String.format("%s: wrong magic number 0x%08X, expected 0x%08X (IDX file of unsigned "
                    + "bytes with %d dimension%s: %s)", name, magic, expectedMagic, ndim, ndim == 1 ? "" : "s",
                    ndim == 1 ? "labels" : "images"));
        }
        if (head.length < 4 + 4 * ndim) {
            throw new UserError(name + ": header cut short (" + head.length + " bytes, the header needs "
                    + (4 + 4 * ndim) + "); truncated?");
        }
        int[] dims = new int[ndim];
        for (int d = 0; d < ndim; d++) {
            dims[d] = readInt(head, 4 + 4 * d);
        }
        return dims;
    }

    /** The data size the dimensions declare, after checking it against the limits and the file. */
    private static long checkedCount(String name, int[] dims, boolean gzipped, long fileBytes) {
        long count = DeclaredSize.product(name, "the header's dimensions", 1, dims);
        DeclaredSize.atMost(name, dims[0] + (dims.length == 1 ? " labels" : " images"), dims[0], Limit.IMAGES);
        if (dims.length > 1) {
            DeclaredSize.atMost(name, DeclaredSize.shape(Arrays.copyOfRange(dims, 1, dims.length)) + " pixels",
                    count / dims[0], Limit.IMAGE_PIXELS);
        }
        String what = announced(dims);
        DeclaredSize.atMost(name, what, count, Limit.ARRAY_BYTES);
        if (fileBytes >= 0 && gzipped) {
            DeclaredSize.inflatable(name, what, count, fileBytes);
        } else if (fileBytes >= 0) {
            long available = fileBytes - 4 - 4L * dims.length;
            DeclaredSize.fits(name, what, count, available);
            if (available > count) {
                throw new UserError(name + ": " + available + " data bytes after the header, more than " + what
                        + " (" + count + "); not an IDX file of that shape?");
            }
        }
        return count;
    }

    /**
     * Fills {@code data} from {@code in} a megabyte at a time (one read of it all would make NIO
     * allocate a temporary direct buffer as large as the array); returns the bytes read.
     */
    private static int readChunked(InputStream in, byte[] data) throws IOException {
        int n = 0;
        while (n < data.length) {
            int got = in.readNBytes(data, n, Math.min(1 << 20, data.length - n));
            n += got;
            if (got == 0) {
                break;
            }
        }
        return n;
    }

    /** "the 60000x28x28 bytes the header announces". */
    private static String announced(int[] dims) {
        return "the " + DeclaredSize.shape(dims) + " bytes the header announces";
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
