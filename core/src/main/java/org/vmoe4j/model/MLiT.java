package org.vmoe4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Init;
import org.vmoe4j.nn.Linear;
import org.vmoe4j.nn.ParameterStore;

/** The mLiT classifier (SPEC §3): the encoder on all N patches + the dummy token, a linear head on the dummy's output. */
public final class MLiT implements Classifier {
    private final MlitConfig config;
    private final ParameterStore store;
    private final MLiTEncoder encoder;
    private final Linear head;

    public MLiT(MlitConfig config, long seed) {
        this(config, seed, null);
    }

    /** @param device where the parameters live; null for the engine's default device */
    public MLiT(MlitConfig config, long seed, Device device) {
        this.config = config;
        this.store = new ParameterStore(seed, Init.Scheme.PYTORCH, device);
        this.encoder = new MLiTEncoder(store.root(), config);
        this.head = new Linear(store.root().child("head"), config.dim(), config.classes(), true);
    }

    @Override
    public ModelOutput forward(NDArray images, ForwardContext context) {
        NDArray encoded = encoder.encode(encoder.patchTokens(images), context); // [B, N+1, m]
        NDArray logits = head.forward(encoded.get(":, -1, :"));                 // the dummy token
        return new ModelOutput(logits, context.auxLoss(), null);
    }

    @Override
    public List<Long> expertParams() {
        return encoder.expertParams();
    }

    @Override
    public List<LayerCost> costs() {
        List<LayerCost> costs = new ArrayList<>();
        encoder.addCosts(costs, config.patches() + 1L);
        costs.add(new LayerCost("head", head.cost(1)));
        return costs;
    }

    @Override
    public MlitConfig config() {
        return config;
    }

    @Override
    public ParameterStore parameters() {
        return store;
    }
}
