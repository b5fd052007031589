package org.vmoe4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Init;
import org.vmoe4j.nn.LayerNorm;
import org.vmoe4j.nn.Linear;
import org.vmoe4j.nn.ParameterStore;
import org.vmoe4j.nn.Scope;

/**
 * mmLiT's masked auto-encoder (SPEC §4): the mLiT encoder sees the visible patches and the dummy
 * token; the decoder embeds them to its width (no bias), puts a learned mask token at every hidden
 * position, adds its own position embedding, runs its mLiT layers, and predicts each patch's pixels.
 * The encoder's parameters carry the classifier's names, so a pre-trained encoder loads into {@link MLiT}.
 */
public final class MaeAutoencoder implements Model {
    /** Parameter-name prefixes of the decoder (everything else is the encoder). */
    public static final String DECODER_PREFIX = "decoder_";

    private final MaeConfig config;
    private final ParameterStore store;
    private final MLiTEncoder encoder;
    private final Linear decoderEmbed;
    private final NDArray maskToken;       // [1, 1, dd]
    private final NDArray decoderPosEmbed; // [1, N+1, dd]
    private final MLiTLayers decoderBlocks;
    private final LayerNorm decoderNorm;
    private final Linear decoderPred;

    public MaeAutoencoder(MaeConfig config, long seed) {
        this(config, seed, null);
    }

    /** @param device where the parameters live; null for the engine's default device */
    public MaeAutoencoder(MaeConfig config, long seed, Device device) {
        this.config = config;
        this.store = new ParameterStore(seed, Init.Scheme.PYTORCH, device);
        Scope root = store.root();
        MlitConfig dec = config.decoder();
        int patchValues = config.channels() * config.patchSize() * config.patchSize();
        this.encoder = new MLiTEncoder(root, config.encoder());
        this.decoderEmbed = new Linear(root.child("decoder_embed"), config.encoder().dim(), dec.dim(), false);
        this.maskToken = root.param("mask_token", Init.EMBEDDING, 1, 1, dec.dim());
        this.decoderPosEmbed = root.param("decoder_pos_embed", Init.EMBEDDING, 1, config.patches() + 1, dec.dim());
        this.decoderBlocks = new MLiTLayers(root.child("decoder_blocks"), dec);
        this.decoderNorm = new LayerNorm(root.child("decoder_norm"), dec.dim(), MlitConfig.LAYER_NORM_EPS);
        this.decoderPred = new Linear(root.child("decoder_pred"), dec.dim(), patchValues, true);
    }

    /**
     * Reconstructs every patch from the visible ones.
     *
     * @param images [B, C, H, W] normalised
     * @param keep [B, V] int64 indices of the visible patches of each image
     * @return [B, N, C·P·P] predicted pixels of every patch (flattened as {@code PatchEmbedding.patchify})
     */
    public NDArray forward(NDArray images, NDArray keep, ForwardContext context) {
        long b = images.getShape().get(0), visible = keep.getShape().get(1);
        int dd = config.decoder().dim();
        NDArray tokens = encoder.patchTokens(images);                                         // [B, N, m]
        NDArray keepIndex = keep.expandDims(2).broadcast(new Shape(b, visible, tokens.getShape().get(2)));
        NDArray encoded = encoder.encode(tokens.gather(keepIndex, 1), context);              // [B, V+1, m]
        NDArray embedded = decoderEmbed.forward(encoded);                                     // [B, V+1, dd]
        NDArray masked = maskToken.broadcast(new Shape(b, config.patches(), dd));
        NDArray scattered = masked.scatter(keep.expandDims(2).broadcast(new Shape(b, visible, dd)),
                embedded.get(":, :" + visible + ", :"), 1);                                   // [B, N, dd]
        NDArray x = NDArrays.concat(new NDList(scattered, embedded.get(":, " + visible + ":, :")), 1)
                .add(decoderPosEmbed);                                                       // [B, N+1, dd]
        NDArray decoded = decoderNorm.forward(decoderBlocks.forward(x, context));
        return decoderPred.forward(decoded.get(":, :" + config.patches() + ", :"));
    }

    @Override
    public List<LayerCost> costs() {
        List<LayerCost> costs = new ArrayList<>();
        encoder.addCosts(costs, config.visiblePatches() + 1L);
        long tokens = config.patches() + 1L;
        costs.add(new LayerCost(DECODER_PREFIX + "embed", decoderEmbed.cost(config.visiblePatches() + 1L)));
        costs.add(new LayerCost(DECODER_PREFIX + "tokens", Cost.dense(maskToken.size() + decoderPosEmbed.size(), 0)));
        decoderBlocks.addCosts(costs, DECODER_PREFIX + "blocks", tokens);
        costs.add(new LayerCost(DECODER_PREFIX + "norm", decoderNorm.cost()));
        costs.add(new LayerCost(DECODER_PREFIX + "pred", decoderPred.cost(config.patches())));
        return costs;
    }

    @Override
    public MaeConfig config() {
        return config;
    }

    @Override
    public ParameterStore parameters() {
        return store;
    }
}
