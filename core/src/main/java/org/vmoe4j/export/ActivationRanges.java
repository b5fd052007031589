package org.vmoe4j.export;

import java.util.HashMap;
import java.util.Map;

/**
 * The range each quantised matrix's input took over calibration images ({@link Calibration}), keyed by the
 * matrix's name, and the uint8 quantisation of that input derived from it for static int8 export: the range
 * widened to include 0, scale = (max − min) / 255, zero point = round(−min / scale), as ONNX's
 * DynamicQuantizeLinear computes it per batch at run time.
 *
 * @param images how many calibration images the ranges come from
 */
public record ActivationRanges(Map<String, float[]> ranges, int images) {
    /** uint8 quantisation of one activation: x ≈ scale · (q − zeroPoint). */
    record Uint8(float scale, int zeroPoint) {
    }

    public ActivationRanges {
        Map<String, float[]> copy = new HashMap<>();
        ranges.forEach((name, range) -> copy.put(name, range.clone()));
        ranges = Map.copyOf(copy);
    }

    /** The quantisation of the input multiplied by matrix {@code name}; a matrix never calibrated is a bug. */
    Uint8 uint8(String name) {
        float[] range = ranges.get(name);
        if (range == null) {
            throw new IllegalStateException("no calibration range for the input of " + name);
        }
        float min = Math.min(range[0], 0), max = Math.max(range[1], 0);
        float scale = max == min ? 1 : (max - min) / 255;
        int zeroPoint = (int) Math.max(0, Math.min(255, Math.round(-min / scale)));
        return new Uint8(scale, zeroPoint);
    }
}
