package org.vmoe4j.io;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.vmoe4j.UserError;

/**
 * Checks of the sizes a file declares in its header (dimensions, counts, offsets), made before
 * anything of that size is allocated: products without overflow, the {@link Limit}s, and the
 * file's real length. Every failure is a one-line {@link UserError} naming the file and the limit.
 */
public final class DeclaredSize {
    /**
     * Deflate (gzip, zlib) cannot expand its input more than 1032 times: a 258-byte match costs at
     * least two bits. A compressed stream of n bytes therefore inflates to at most 1032 n bytes.
     */
    public static final long MAX_INFLATE_RATIO = 1032;

    private DeclaredSize() {
    }

    /**
     * The product of {@code dims}, each of which must be at least {@code min} (0 or 1).
     *
     * @param file the file, for messages
     * @param what what the dimensions describe, e.g. "the header's dimensions"
     */
    public static long product(Object file, String what, long min, long... dims) {
        long product = 1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < min) {
                throw new UserError(file + ": " + what + " " + shape(dims) + ": dimension " + d + " is " + dims[d]
                        + " (expected every dimension >= " + min + ")");
            }
            try {
                product = Math.multiplyExact(product, dims[d]);
            } catch (ArithmeticException e) {
                throw new UserError(file + ": " + what + " " + shape(dims) + ": the product of the dimensions exceeds 2^63");
            }
        }
        return product;
    }

    /** {@link #product(Object, String, long, long...)} of int dimensions. */
    public static long product(Object file, String what, long min, int... dims) {
        return product(file, what, min, Arrays.stream(dims).asLongStream().toArray());
    }

    /**
     * Checks {@code value <= limit.max()}.
     *
     * @param what what was declared, e.g. "40000x40000 pixels": the message is "FILE: 40000x40000 pixels =
     *     1,600,000,000, above the limit of 67,108,864 pixels per image"
     */
    public static void atMost(Object file, String what, long value, Limit limit) {
        if (value > limit.max()) {
            throw new UserError(String.format("%s: %s = %,d, above the limit of %s", file, what, value, limit));
        }
    }

    /**
     * Checks that {@code declared} bytes fit in the {@code available} bytes the file really has.
     *
     * @param what what needs the bytes, e.g. "the header's 60000x28x28 pixels"
     */
    public static void fits(Object file, String what, long declared, long available) {
        if (declared > available) {
            throw new UserError(file + ": truncated: " + what + " need " + declared + " bytes, the file has "
                    + Math.max(0, available));
        }
    }

    /** Checks that {@code declared} inflated bytes can come out of {@code compressed} deflated bytes. */
    public static void inflatable(Object file, String what, long declared, long compressed) {
        if (compressed >= 0 && declared / MAX_INFLATE_RATIO > compressed) {
            throw new UserError(file + ": " + what + " need " + declared + " bytes, more than " + compressed
                    + " compressed bytes can inflate to (deflate expands at most " + MAX_INFLATE_RATIO
                    + " times); damaged, or a decompression bomb?");
        }
    }

    /**
     * A zeroed array of {@code bytes} bytes (already checked against {@link Limit#ARRAY_BYTES}); a
     * heap too small for it is a UserError that says how to give Java more.
     */
    public static byte[] allocate(Object file, String what, long bytes) {
        atMost(file, "the bytes of " + what, bytes, Limit.ARRAY_BYTES);
        try {
            return new byte[(int) bytes];
        } catch (OutOfMemoryError e) {
            throw new UserError(String.format("%s: %s need %,d MB, more than the Java heap has free (at most %,d MB); "
                    + "give Java more with VMOE4J_JAVA_OPTS=-Xmx...", file, what, bytes >> 20,
                    Runtime.getRuntime().maxMemory() >> 20));
        }
    }

    /** "60000x28x28". */
    public static String shape(long... dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    /** "60000x28x28". */
    public static String shape(int... dims) {
        return shape(Arrays.stream(dims).asLongStream().toArray());
    }
}
