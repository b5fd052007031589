package org.vmoe4j.export;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an exported model stores its matrices and multiplies by them ({@link MatrixProduct}). In both int8
 * forms every weight matrix (and the patch embedding's kernel) is int8 with one scale per output channel
 * (symmetric: w ≈ scale_c · q, q in [-127, 127]); the other tensors (routers and gates, which are never int8,
 * biases, norms, position tables, the scales) are stored as float16 and computed in float32, but for the
 * per-image experts' biases and scales, which stay float32 ({@link Weights}).
 * The forms differ in the activations multiplied by those matrices (uint8 with a scale and zero point).
 */
public enum Quantization {
    /** Everything float32, as trained. */
    FLOAT32("float32"),
    /** int8 matrices; each activation quantised from its own range at run time, per batch. */
    INT8("int8"),
    /** int8 matrices; each activation quantised with a fixed range measured on calibration images. */
    INT8_STATIC("int8-static");

    private final String id;

    Quantization(String id) {
        this.id = id;
    }

    /** The name on the command line and in the file's metadata: {@code float32}, {@code int8}, {@code int8-static}. */
    public String id() {
        return id;
    }

    public boolean int8() {
        return this != FLOAT32;
    }

    /** The quantization named {@code id}; null when there is none. */
    public static Quantization of(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(q -> q.id.equals(wanted)).findFirst().orElse(null);
    }
}
