package org.vmoe4j.export;

import java.util.function.LongUnaryOperator;

/**
 * A float tensor quantised to int8 with one scale per output channel, symmetrically: scale_c = max|w_c| / 127 and
 * q = round(w / scale_c) in [-127, 127], so that w ≈ scale_c · q with zero point 0 (what ONNX Runtime's integer
 * kernels take for signed weights). An all-zero channel gets scale 1.
 *
 * @param values the int8 values, in the float tensor's layout
 * @param dims the tensor's dims
 * @param scales one per channel
 * @param scaleDims the scales' dims, shaped to broadcast against what the tensor multiplies into
 */
record Int8Tensor(byte[] values, long[] dims, float[] scales, long[] scaleDims) {
    private static final int LIMIT = 127;

    /**
     * A matrix [in, out] or a stack of them [E, in, out] with a scale per output column (per matrix of the
     * stack): scales [out], or [E, 1, out].
     */
    static Int8Tensor columns(float[] values, long[] dims) {
        int rank = dims.length;
        long out = dims[rank - 1], matrix = out * dims[rank - 2];
        long matrices = values.length / matrix;
        long[] scaleDims = rank == 2 ? new long[] {out} : new long[] {matrices, 1, out};
        return of(values, dims, Math.toIntExact(matrices * out), i -> i / matrix * out + i % out, scaleDims);
    }

    /** A convolution kernel [out, in, h, w] with a scale per output channel: scales [out] (axis 0). */
    static Int8Tensor rows(float[] values, long[] dims) {
        long perChannel = values.length / dims[0];
        return of(values, dims, Math.toIntExact(dims[0]), i -> i / perChannel, new long[] {dims[0]});
    }

    private static Int8Tensor of(float[] values, long[] dims, int channels, LongUnaryOperator channel, long[] scaleDims) {
        float[] largest = new float[channels];
        for (int i = 0; i < values.length; i++) {
            int c = (int) channel.applyAsLong(i);
            largest[c] = Math.max(largest[c], Math.abs(values[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = largest[c] == 0 ? 1 : largest[c] / LIMIT;
        }
        byte[] quantised = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            long q = Math.round(values[i] / scales[(int) channel.applyAsLong(i)]);
            quantised[i] = (byte) Math.max(-LIMIT, Math.min(LIMIT, q));
        }
        return new Int8Tensor(quantised, dims.clone(), scales, scaleDims);
    }
}
