package org.vmoe4j.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.nn.Block;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.GroupedQueryAttention;
import org.vmoe4j.nn.SwiGluMoe;
import org.vmoe4j.nn.Scope;

/** A stack of mLiT encoder layers (SPEC §3): x += GQA(LN(x)); x += MoE(LN(x)), with layer i's d_h and experts. */
final class MLiTLayers {
    private final List<Block> layers = new ArrayList<>();

    MLiTLayers(Scope scope, MlitConfig config) {
        for (int i = 0; i < config.depth(); i++) {
            var spec = config.layer(i);
            layers.add(new Block(scope.child(i), config.dim(), MlitConfig.LAYER_NORM_EPS,
                    s -> new GroupedQueryAttention(s, config.dim(), config.heads(), config.groups()),
                    s -> new SwiGluMoe(s.child("moe"), spec)));
        }
    }

    NDArray forward(NDArray x, ForwardContext context) {
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, context, context.dropPath(i, layers.size()));
        }
        return x;
    }

    /** The parameters of one expert of each layer (each layer routes its tokens itself). */
    List<Long> expertParams() {
        return layers.stream().map(layer -> layer.feedForward().paramsPerExpert()).toList();
    }

    /** One accounting row per layer, named {@code prefix.i}. */
    void addCosts(List<LayerCost> costs, String prefix, long tokens) {
        for (int i = 0; i < layers.size(); i++) {
            costs.add(new LayerCost(prefix + "." + i, layers.get(i).cost(tokens)));
        }
    }
}
