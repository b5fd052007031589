package org.vmoe4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.nn.Block;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.FeedForward;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.ImageRouter;
import org.vmoe4j.nn.Init;
import org.vmoe4j.nn.LayerNorm;
import org.vmoe4j.nn.Linear;
import org.vmoe4j.nn.Mlp;
import org.vmoe4j.nn.MultiHeadAttention;
import org.vmoe4j.nn.ParameterStore;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.nn.RoutedExperts;
import org.vmoe4j.nn.Scope;
import org.vmoe4j.nn.VMoeGate;

/**
 * The ViT of SPEC §1 with timm's parameter names and, when the config has an MoE part, the Mobile
 * V-MoE of SPEC §2: its last L blocks are MoE blocks whose experts are chosen once per image by one
 * router reading the representation that enters the first of them (or per token, regular V-MoE).
 */
public final class VisionTransformer implements Classifier {
    private final VitConfig config;
    private final ParameterStore store;
    private final NDArray clsToken; // [1, 1, D]
    private final NDArray posEmbed; // [1, N+1, D]
    private final PatchEmbedding patchEmbed;
    private final List<Block> blocks = new ArrayList<>();
    private final ImageRouter router; // null unless routed per image
    private final LayerNorm norm;
    private final Linear head;

    public VisionTransformer(VitConfig config, long seed) {
        this(config, seed, null);
    }

    /** @param device where the parameters live; null for the engine's default device */
    public VisionTransformer(VitConfig config, long seed, Device device) {
        config.validate();
        this.config = config;
        this.store = new ParameterStore(seed, Init.Scheme.TIMM, device);
        Scope root = store.root();
        int d = config.dim();
        this.clsToken = root.param("cls_token", Init.CLASS_TOKEN, 1, 1, d);
        this.posEmbed = root.param("pos_embed", Init.EMBEDDING, 1, config.patches() + 1, d);
        this.patchEmbed = new PatchEmbedding(root.child("patch_embed.proj"), config.channels(), config.patchSize(), d, true);
        for (int i = 0; i < config.depth(); i++) {
            int block = i;
            blocks.add(new Block(root.child("blocks").child(i), d, VitConfig.LAYER_NORM_EPS,
                    s -> new MultiHeadAttention(s, d, config.heads()), s -> feedForward(s, block)));
        }
        MoeConfig moe = config.moe();
        this.router = moe != null && moe.perImage() ? new ImageRouter(root.child("router"), d, moe.experts(),
                moe.router() == MoeConfig.Router.IMAGE_MEAN ? ImageRouter.Pool.MEAN : ImageRouter.Pool.CLASS_TOKEN,
                new VMoeGate(moe)) : null;
        this.norm = new LayerNorm(root.child("norm"), d, VitConfig.LAYER_NORM_EPS);
        this.head = new Linear(root.child("head"), d, config.classes(), true);
    }

    /** Block i's MLP (K times wider in the last L blocks of a FLOP-matched dense model), or its experts. */
    private FeedForward feedForward(Scope block, int i) {
        int hidden = config.mlpHidden(i);
        if (!config.isMoeBlock(i)) {
            return new Mlp(block.child("mlp"), config.dim(), hidden);
        }
        MoeConfig moe = config.moe();
        return moe.perImage() ? RoutedExperts.perImage(block, config.dim(), hidden, moe)
                : RoutedExperts.perToken(block, config.dim(), hidden, moe);
    }

    @Override
    public ModelOutput forward(NDArray images, ForwardContext context) {
        long b = images.getShape().get(0);
        NDArray patches = patchEmbed.forward(images);                              // [B, N, D]
        NDArray cls = clsToken.broadcast(new Shape(b, 1, config.dim()));
        NDArray x = NDArrays.concat(new NDList(cls, patches), 1).add(posEmbed);    // [B, 1+N, D]
        for (int i = 0; i < blocks.size(); i++) {
            if (router != null && i == config.firstMoeBlock()) {
                context.setImageRouting(router.route(x, context));
            }
            x = blocks.get(i).forward(x, context, context.dropPath(i, blocks.size()));
        }
        NDArray logits = head.forward(norm.forward(x.get(":, 0, :")));           // [B, classes]
        return new ModelOutput(logits, context.auxLoss(), context.imageRouting());
    }

    @Override
    public List<Long> expertParams() {
        List<Long> perBlock = blocks.stream().map(b -> b.feedForward().paramsPerExpert()).filter(n -> n > 0).toList();
        return router == null ? perBlock : List.of(perBlock.stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public List<LayerCost> costs() {
        long tokens = config.patches() + 1L;
        List<LayerCost> costs = new ArrayList<>();
        costs.add(new LayerCost("patch_embed", patchEmbed.cost(config.patches())));
        costs.add(new LayerCost("cls_token+pos_embed", Cost.dense(clsToken.size() + posEmbed.size(), 0)));
        for (int i = 0; i < blocks.size(); i++) {
            if (router != null && i == config.firstMoeBlock()) {
                costs.add(new LayerCost("router", router.cost()));
            }
            costs.add(new LayerCost("blocks." + i + (config.isMoeBlock(i) ? " (MoE)" : ""), blocks.get(i).cost(tokens)));
        }
        costs.add(new LayerCost("norm", norm.cost()));
        costs.add(new LayerCost("head", head.cost(1)));
        return costs;
    }

    @Override
    public VitConfig config() {
        return config;
    }

    @Override
    public ParameterStore parameters() {
        return store;
    }
}
