package org.vmoe4j.export;

/**
 * How to export a model beyond its graph: the arithmetic of its matrices, and where the experts of a model routed
 * per image live.
 *
 * @param quantization float32, or int8 with dynamic or static activations
 * @param ranges the calibrated input ranges static int8 needs ({@link Calibration}); null otherwise
 * @param separateExperts true to leave the per-image experts' weights out of the graph: they become graph inputs
 *                        that the runtime feeds from a memory-mapped side file ({@link ExportedModel}), so that only
 *                        the experts the router chooses are ever read
 * @param probes true (calibration only) to make the input of every quantisable matrix an extra float output
 */
public record ExportOptions(Quantization quantization, ActivationRanges ranges, boolean separateExperts, boolean probes) {
    public ExportOptions {
        if ((quantization == Quantization.INT8_STATIC) != (ranges != null)) {
            throw new IllegalArgumentException("static int8 needs calibrated ranges, and only it takes them");
        }
    }

    /** Everything float32 and in the graph, as trained. */
    public static ExportOptions float32() {
        return new ExportOptions(Quantization.FLOAT32, null, false, false);
    }

    /** int8 matrices with activations quantised at run time. */
    public static ExportOptions int8() {
        return new ExportOptions(Quantization.INT8, null, false, false);
    }

    /** int8 matrices with activations quantised by the calibrated {@code ranges}. */
    public static ExportOptions int8Static(ActivationRanges ranges) {
        return new ExportOptions(Quantization.INT8_STATIC, ranges, false, false);
    }

    /** The float32 graph with every quantisable matrix's input as an extra output, for {@link Calibration}. */
    static ExportOptions probing() {
        return new ExportOptions(Quantization.FLOAT32, null, false, true);
    }

    /** The same with the per-image experts' weights in a side file. */
    public ExportOptions withSeparateExperts() {
        return new ExportOptions(quantization, ranges, true, probes);
    }
}
