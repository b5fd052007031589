package org.vmoe4j.export;

import java.util.List;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.LayerCost;
import org.vmoe4j.model.MLiT;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.Cost;

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
 * @param activeParams parameters one image uses (k of E experts in an MoE layer)
 * @param expertParams one expert's parameters under each routing (per image: all MoE blocks; per token: each layer)
 */
public record ExportMetadata(String preset, String configJson, List<String> classNames, float[] mean, float[] std,
                             long flopsPerImage, long params, long activeParams, List<Long> expertParams) {
    public ExportMetadata {
        classNames = List.copyOf(classNames);
        expertParams = List.copyOf(expertParams);
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Metadata whose cost is that of what the file holds: the model, or for a masked auto-encoder its
     * encoder on the whole image (patches + 1 tokens, no decoder).
     */
    public static ExportMetadata of(Model model, String preset, String configJson, List<String> classNames, float[] mean,
                                    float[] std) {
        Cost cost = model.config() instanceof MaeConfig mae ? encoderCost(mae) : model.totalCost();
        List<Long> experts = model instanceof Classifier classifier ? classifier.expertParams() : List.of();
        return new ExportMetadata(preset, configJson, classNames, mean, std, cost.flops(), cost.params(),
                cost.activeParams(), experts);
    }

    /** The cost of an mLiT with the encoder's shape, without its head row. */
    private static Cost encoderCost(MaeConfig mae) {
        try (MLiT mlit = new MLiT(mae.encoder(), 0)) {
            return mlit.costs().stream().filter(row -> !row.name().equals("head")).map(LayerCost::cost)
                    .reduce(Cost.ZERO, Cost::plus);
        }
    }
}
