package org.vmoe4j.model;

import ai.djl.ndarray.NDManager;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.VitConfig;

/** Builds the model a configuration describes. */
public final class Models {
    private Models() {
    }

    /** A freshly initialised model whose parameters are drawn from {@code seed}. */
    public static Model build(ModelConfig config, NDManager manager, long seed) {
        if (config instanceof VitConfig vit) {
            return new VisionTransformer(vit, manager, seed);
        }
        if (config instanceof MlitConfig mlit) {
            return new MLiT(mlit, manager, seed);
        }
        return new MaeAutoencoder((MaeConfig) config, manager, seed);
    }
}
