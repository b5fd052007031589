package org.vmoe4j.data;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;

/**
 * The variables of a MATLAB level-5 MAT file as their headers declare them (name, class, shape,
 * data size), read without their data: the first bytes of each variable are read (or, for a
 * compressed one, inflated) and every size in them is checked against the file before the MAT
 * library allocates anything. Layout (MathWorks, "MAT-File Format"): a 128-byte header, then data
 * elements, each an 8-byte tag (type, byte count; or a 4-byte "small element" tag) and its data
 * padded to 8 bytes. A variable is a miMATRIX element (array flags, dimensions, name, real part),
 * stored as is or inside a zlib-compressed miCOMPRESSED element.
 */
final class MatHeaders {
    static final int MATRIX = 14;
    static final int COMPRESSED = 15;
    /** The MATLAB class of objects, whose content the MAT library reads without any filter. */
    static final int OPAQUE_CLASS = 17;
    private static final int HEADER = 128;
    private static final int MAX_DIMS = 32;
    private static final int MAX_NAME = 1024;
    /** Enough bytes of a variable for its tags: flags, MAX_DIMS dimensions, MAX_NAME name, data tag. */
    private static final int PREFIX = 8 + 8 + 8 + 8 + 4 * MAX_DIMS + 8 + MAX_NAME + 8;
    /** Bytes per element of the storage types miINT8 (1) .. miUINT64 (13); 0 marks a type not allowed. */
    private static final int[] STORAGE_BYTES = {0, 1, 1, 2, 2, 4, 4, 4, 0, 8, 0, 0, 8, 8};
    /** MATLAB class names by class number (mxCELL_CLASS = 1 .. mxOPAQUE_CLASS = 17). */
    private static final String[] CLASS_NAMES = {"?", "cell", "struct", "object", "char", "sparse", "double",
        "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "function handle",
        "opaque object"};

    /**
     * One variable's header.
     *
     * @param matlabClass 1..17, see {@link #className}
     * @param elements the product of {@code dims}
     * @param dataBytes the real part's byte count (numeric classes), checked against {@code elements}
     */
    record Variable(String name, int matlabClass, boolean complex, int[] dims, long elements, long dataBytes) {
        boolean numeric() {
            return matlabClass >= 6 && matlabClass <= 15;
        }

        String className() {
            return matlabClass > 0 && matlabClass < CLASS_NAMES.length ? CLASS_NAMES[matlabClass]
                    : "class " + matlabClass;
        }
    }

    private MatHeaders() {
    }

    /** The variables of {@code file}, in file order. */
    static List<Variable> scan(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteOrder order = byteOrder(file, read(channel, 0, HEADER));
            List<Variable> vars = new ArrayList<>();
            for (long pos = HEADER; size - pos >= 8; ) {
                ByteBuffer tag = read(channel, pos, 8).order(order);
                int type = tag.getInt();
                long bytes = Integer.toUnsignedLong(tag.getInt());
                if (type != MATRIX && type != COMPRESSED) {
                    throw new UserError(file + ": data element of type " + type + " at byte " + pos
                            + ", expected a variable (miMATRIX 14 or miCOMPRESSED 15); damaged MAT file?");
                }
                DeclaredSize.fits(file, "the variable at byte " + pos, bytes, size - pos - 8);
                ByteBuffer body = type == MATRIX ? read(channel, pos, (int) Math.min(PREFIX, 8 + bytes))
                        : inflatePrefix(file, read(channel, pos + 8, (int) Math.min(1 << 16, bytes)), pos);
                vars.add(variable(file, body.order(order), type == COMPRESSED ? bytes : -1, pos));
                pos += 8 + bytes;
            }
            return vars;
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The byte order the header's endian mark gives; refuses what is no level-5 MAT file. */
    private static ByteOrder byteOrder(Path file, ByteBuffer header) {
        String text = new String(header.array(), 0, 116, StandardCharsets.US_ASCII);
        if (text.startsWith("MATLAB 7.3")) {
            throw new UserError(file + ": saved by MATLAB with -v7.3 (an HDF5 file), expected a level-5 MAT file "
                    + "(save it with -v7)");
        }
        if (header.limit() < HEADER || !text.startsWith("MATLAB 5.0 MAT-file")) {
            throw new UserError(file + ": not a MATLAB level-5 MAT file (no 'MATLAB 5.0 MAT-file' header)");
        }
        byte[] b = header.array();
        if (b[126] == 'I' && b[127] == 'M') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (b[126] == 'M' && b[127] == 'I') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new UserError(file + ": not a MATLAB level-5 MAT file (no 'MI' endian mark at byte 126)");
    }

    /** The first inflated bytes of a compressed variable (at most the matrix tag and PREFIX). */
    private static ByteBuffer inflatePrefix(Path file, ByteBuffer compressed, long pos) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[8 + PREFIX];
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0) {
                    break; // finished, out of input, or wanting a preset dictionary MAT files never use
                }
                n += got;
            }
            return ByteBuffer.wrap(out, 0, n).slice();
        } catch (DataFormatException e) {
            throw new UserError(file + ": the compressed variable at byte " + pos + " is damaged (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /**
     * Parses a variable's tags from {@code b} (its first bytes, from its miMATRIX tag on).
     *
     * @param compressed the compressed byte count, or -1 for a variable stored as is
     */
    private static Variable variable(Path file, ByteBuffer b, long compressed, long pos) {
        String where = "the variable at byte " + pos;
        try {
            long matrixBytes = tag(file, b, MATRIX, where);
            DeclaredSize.inflatable(file, where, 8 + matrixBytes, compressed);
            long flagBytes = tag(file, b, 6, where);
            int flags = b.getInt();
            b.getInt(); // nzmax
            int matlabClass = flags & 0xFF;
            if (flagBytes != 8) {
                throw new UserError(file + ": " + where + " has " + flagBytes + " bytes of array flags, expected 8");
            }
            if (matlabClass == OPAQUE_CLASS) {
                return new Variable(name(file, b, where), matlabClass, false, new int[0], 0, -1);
            }
            int[] dims = dims(file, b, where);
            String name = name(file, b, where);
            long elements = DeclaredSize.product(file, "the dimensions of variable '" + name + "'", 0, dims);
            Variable v = new Variable(name, matlabClass, (flags & 0x800) != 0, dims, elements, -1);
            return v.numeric() ? withData(file, b, v, matrixBytes - b.position() + 8) : v;
        } catch (BufferUnderflowException e) {
            throw new UserError(file + ": " + where + " is cut short in its header (truncated or damaged MAT file)");
        }
    }

    private static int[] dims(Path file, ByteBuffer b, String where) {
        long bytes = tag(file, b, 5, where);
        if (bytes % 4 != 0 || bytes < 8 || bytes > 4 * MAX_DIMS) {
            throw new UserError(file + ": " + where + " declares " + bytes + " bytes of dimensions, expected 2 to "
                    + MAX_DIMS + " dimensions of 4 bytes");
        }
        int[] dims = new int[(int) bytes / 4];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = b.getInt();
        }
        skipPadding(b);
        return dims;
    }

    private static String name(Path file, ByteBuffer b, String where) {
        long bytes = tag(file, b, 1, where);
        if (bytes > MAX_NAME) {
            throw new UserError(file + ": " + where + " declares a name of " + bytes + " bytes, expected at most "
                    + MAX_NAME);
        }
        byte[] name = new byte[(int) bytes];
        b.get(name);
        skipPadding(b);
        return new String(name, StandardCharsets.US_ASCII).replace("\0", "");
    }

    /** {@code v} with its real part's byte count, which must be exactly its elements in the storage type. */
    private static Variable withData(Path file, ByteBuffer b, Variable v, long left) {
        int type = b.getInt(b.position()) & 0xFFFF; // the storage type, in either tag form
        long bytes = tag(file, b, type, "variable '" + v.name() + "'");
        int each = type < STORAGE_BYTES.length ? STORAGE_BYTES[type] : 0;
        if (each == 0 || bytes != v.elements() * each) {
            throw new UserError(file + ": variable '" + v.name() + "' (" + DeclaredSize.shape(v.dims()) + " "
                    + v.className() + ") declares " + bytes + " data bytes of storage type " + type + ", expected "
                    + (each == 0 ? "a numeric storage type" : v.elements() * each + " bytes"));
        }
        DeclaredSize.fits(file, "the data of variable '" + v.name() + "'", bytes, left - 8);
        return new Variable(v.name(), v.matlabClass(), v.complex(), v.dims(), v.elements(), bytes);
    }

    /** Reads a tag of type {@code expected} (normal or small form); returns its byte count. */
    private static long tag(Path file, ByteBuffer b, int expected, String where) {
        int first = b.getInt();
        boolean small = (first >>> 16) != 0;
        int type = small ? first & 0xFFFF : first;
        long bytes = small ? first >>> 16 : Integer.toUnsignedLong(b.getInt());
        if (type != expected) {
            throw new UserError(file + ": " + where + " has a data element of type " + type + " where type "
                    + expected + " belongs (damaged MAT file?)");
        }
        return bytes;
    }

    /** Moves to the next 8-byte boundary, where the next tag starts (also after a small element). */
    private static void skipPadding(ByteBuffer b) {
        b.position((int) Math.min(b.limit(), (b.position() + 7L) / 8 * 8));
    }

    private static ByteBuffer read(FileChannel channel, long pos, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining() && channel.read(buf, pos + buf.position()) >= 0) {
            // keep reading
        }
        return buf.flip();
    }
}
