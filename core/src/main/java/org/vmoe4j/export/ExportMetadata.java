package org.vmoe4j.export;

import java.util.List;

/**
 * What the exporting caller knows and the model does not, written into the file's metadata
 * ({@link OnnxContract}); the exporter adds the format, family, image size and channels from the model.
 *
 * @param preset the preset name the model was built from
 * @param configJson the model's configuration as a JSON string
 * @param classNames the class names in head order, or empty when unknown (and for encoders)
 * @param mean per-channel mean the input was normalised with
 * @param std per-channel standard deviation the input was normalised with
 * @param flopsPerImage FLOPs of one image's forward pass (SPEC §1 counting)
 * @param params parameters of the exported model
 */
public record ExportMetadata(String preset, String configJson, List<String> classNames, float[] mean, float[] std,
                             long flopsPerImage, long params) {
    public ExportMetadata {
        classNames = List.copyOf(classNames);
        mean = mean.clone();
        std = std.clone();
    }
}
