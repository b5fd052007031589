package org.vmoe4j.model;

import ai.djl.Device;
import java.nio.file.Path;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.io.WeightFile;

/** Builds the model a configuration describes. */
public final class Models {
    private Models() {
    }

    /** A freshly initialised model whose parameters are drawn from {@code seed}; it owns its memory until closed. */
    public static Model build(ModelConfig config, long seed) {
        return build(config, seed, null);
    }

    /** The same on {@code device} (null: the engine's default device). */
    public static Model build(ModelConfig config, long seed, Device device) {
        if (config instanceof VitConfig vit) {
            return new VisionTransformer(vit, seed, device);
        }
        if (config instanceof MlitConfig mlit) {
            return new MLiT(mlit, seed, device);
        }
        return new MaeAutoencoder((MaeConfig) config, seed, device);
    }

    /** The model with its parameters read from a safetensors file of exactly its names and shapes. */
    public static Model load(ModelConfig config, Path weights) {
        return load(config, weights, null);
    }

    /** The same on {@code device} (null: the engine's default device). */
    public static Model load(ModelConfig config, Path weights, Device device) {
        Model model = build(config, 0, device);
        try {
            WeightFile.load(model.parameters().parameters(), weights);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
