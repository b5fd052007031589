package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Init;
import org.vmoe4j.nn.ParameterStore;

/** Test access to what a masked auto-encoder's mLiT encoder makes of whole images, through the Java forward. */
public final class EncoderTokens {
    private EncoderTokens() {
    }

    /** images [B, C, H, W] → the encoder's normed tokens [B, N + 1, m] as floats, in inference mode. */
    public static float[] of(MaeAutoencoder mae, NDArray images, NDManager manager) {
        try (ParameterStore store = new ParameterStore(0, Init.Scheme.PYTORCH)) {
            MLiTEncoder encoder = new MLiTEncoder(store.root(), mae.config().encoder());
            store.parameters().forEach((name, p) -> p.set(new NDIndex("..."), mae.parameters().parameters().get(name)));
            return encoder.encode(encoder.patchTokens(images), ForwardContext.forInference()).toFloatArray();
        }
    }
}
