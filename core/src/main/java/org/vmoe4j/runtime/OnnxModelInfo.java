package org.vmoe4j.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vmoe4j.UserError;
import org.vmoe4j.export.OnnxContract;
import org.vmoe4j.export.OnnxContract.Family;
import org.vmoe4j.export.Quantization;

/**
 * What an exported file's metadata says (see {@link OnnxContract}): the model, its preprocessing contract
 * and its class names.
 *
 * @param mean per-channel mean the input must be normalised with (after scaling pixels to [0, 1])
 * @param std per-channel standard deviation
 * @param classNames class names in head order; empty when the exporter had none
 * @param quantization how the matrices are stored ({@code float32} when the file does not say)
 * @param expertFile the side file of the separated experts, beside the model; null when every weight is in the graph
 * @param expertChecksums one CRC-32C per expert of the side file; empty without one
 */
public record OnnxModelInfo(String preset, Family family, String configJson, int imageSize, int channels, float[] mean,
                            float[] std, List<String> classNames, long flopsPerImage, long params, long activeParams,
                            List<Long> expertParams, Quantization quantization, Path expertFile,
                            List<Long> expertChecksums) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the metadata of {@code file}; a missing or malformed entry is a UserError naming the file and key. */
    public static OnnxModelInfo read(Path file, Map<String, String> metadata) {
        String format = metadata.get(OnnxContract.FORMAT_KEY);
        if (format == null) {
            throw new UserError(file + ": not a vmoe4j ONNX model (no " + OnnxContract.FORMAT_KEY + " metadata)");
        }
        if (!format.equals(OnnxContract.FORMAT)) {
            throw new UserError(file + ": " + OnnxContract.FORMAT_KEY + " is " + format + ", this vmoe4j reads format "
                    + OnnxContract.FORMAT);
        }
        Fields fields = new Fields(file, metadata);
        int channels = fields.positiveInt(OnnxContract.CHANNELS);
        return new OnnxModelInfo(fields.text(OnnxContract.PRESET), fields.family(), fields.text(OnnxContract.CONFIG),
                fields.positiveInt(OnnxContract.IMAGE_SIZE), channels, fields.floats(OnnxContract.MEAN, channels),
                fields.floats(OnnxContract.STD, channels), fields.names(), fields.count(OnnxContract.FLOPS),
                fields.count(OnnxContract.PARAMS), fields.count(OnnxContract.ACTIVE_PARAMS),
                fields.counts(OnnxContract.EXPERT_PARAMS), fields.quantization(), fields.expertFile(),
                fields.checksums());
    }

    /** Floats per image: channels × size × size. */
    public int imageLength() {
        return channels * imageSize * imageSize;
    }

    /** Typed access to the metadata entries with one-line errors. */
    private record Fields(Path file, Map<String, String> metadata) {
        String text(String key) {
            String value = metadata.get(key);
            if (value == null) {
                throw new UserError(file + ": metadata " + key + " is missing");
            }
            return value;
        }

        UserError bad(String key, String expected) {
            return new UserError(file + ": metadata " + key + " should be " + expected + ", found '" + text(key) + "'");
        }

        int positiveInt(String key) {
            long value = count(key);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw bad(key, "a positive integer");
            }
            return (int) value;
        }

        long count(String key) {
            try {
                long value = Long.parseLong(text(key));
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(key, "a non-negative integer");
        }

        List<Long> counts(String key) {
            String text = text(key);
            try {
                return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(s -> Long.parseLong(s.trim())).toList();
            } catch (NumberFormatException e) {
                throw bad(key, "comma-separated counts");
            }
        }

        float[] floats(String key, int n) {
            String[] parts = text(key).split(",");
            try {
                float[] values = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    values[i] = Float.parseFloat(parts[i].trim());
                }
                if (values.length == n) {
                    return values;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(key, n + " comma-separated floats");
        }

        Quantization quantization() {
            if (!metadata.containsKey(OnnxContract.QUANTIZATION)) {
                return Quantization.FLOAT32;
            }
            Quantization quantization = Quantization.of(text(OnnxContract.QUANTIZATION));
            if (quantization == null) {
                throw bad(OnnxContract.QUANTIZATION, "one of " + Arrays.stream(Quantization.values()).map(Quantization::id)
                        .toList());
            }
            return quantization;
        }

        /** The side file beside the model, named by a plain file name (no directories). */
        Path expertFile() {
            if (!metadata.containsKey(OnnxContract.EXPERT_FILE)) {
                return null;
            }
            String name = text(OnnxContract.EXPERT_FILE);
            boolean plain = name.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0);
            if (!plain || name.isBlank() || name.equals(".") || name.equals("..")) {
                throw bad(OnnxContract.EXPERT_FILE, "the name of a file beside the model");
            }
            return file.resolveSibling(name);
        }

        List<Long> checksums() {
            if (!metadata.containsKey(OnnxContract.EXPERT_FILE)) {
                return List.of();
            }
            try {
                return Arrays.stream(text(OnnxContract.EXPERT_CHECKSUMS).split(",")).map(h -> Long.parseUnsignedLong(h, 16))
                        .toList();
            } catch (NumberFormatException e) {
                throw bad(OnnxContract.EXPERT_CHECKSUMS, "hexadecimal checksums, comma-separated");
            }
        }

        Family family() {
            String id = text(OnnxContract.FAMILY);
            return Arrays.stream(Family.values()).filter(f -> f.id().equals(id)).findFirst()
                    .orElseThrow(() -> bad(OnnxContract.FAMILY, "one of " + Arrays.stream(Family.values())
                            .map(Family::id).toList()));
        }

        List<String> names() {
            try {
                return List.of(JSON.readValue(text(OnnxContract.CLASS_NAMES), String[].class));
            } catch (IOException | NullPointerException e) {
                throw bad(OnnxContract.CLASS_NAMES, "a JSON array of strings");
            }
        }
    }
}
