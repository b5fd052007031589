package org.vmoe4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MlitConfig;

/**
 * mLiT as a graph (SPEC §3): the N patch tokens and the dummy token appended last, pre-norm layers
 * x += GQA(LN(x)); x += MoE(LN(x)) with LayerNorm eps {@value MlitConfig#LAYER_NORM_EPS} and each layer's
 * d_h and expert count, a final LayerNorm; the classifier's head reads the dummy token, the mmLiT encoder
 * (SPEC §4) gives every encoded token.
 */
final class MlitExport {
    private MlitExport() {
    }

    /** The classifier: output logits [N, classes]. */
    static void classifier(Layers layers, MlitConfig config, ONNXRef<?> images) {
        int tokens = config.patches() + 1;
        ONNXRef<?> encoded = layers.graph.reshape(blocks(layers, config, images), -1, tokens, config.dim());
        ONNXRef<?> dummy = layers.graph.select(encoded, tokens - 1, 1);                              // [N, m]
        ONNXRef<?> logits = layers.linear(layers.layerNorm(dummy, "norm", MlitConfig.LAYER_NORM_EPS), "head");
        layers.graph.output(OnnxContract.LOGITS, logits, DataType.FLOAT, OnnxGraph.BATCH_DIM, config.classes());
    }

    /** The encoder on the whole image: output tokens [N, patches + 1, m], normed. */
    static void encoder(Layers layers, MlitConfig config, ONNXRef<?> images) {
        ONNXRef<?> encoded = layers.layerNorm(blocks(layers, config, images), "norm", MlitConfig.LAYER_NORM_EPS);
        ONNXRef<?> tokens = layers.graph.reshape(encoded, -1, config.patches() + 1, config.dim());
        layers.graph.output(OnnxContract.TOKENS, tokens, DataType.FLOAT, OnnxGraph.BATCH_DIM, config.patches() + 1,
                config.dim());
    }

    /** images → the token rows after the last layer, before the final norm [N·(patches + 1), m]. */
    private static ONNXRef<?> blocks(Layers layers, MlitConfig config, ONNXRef<?> images) {
        OnnxGraph graph = layers.graph;
        int tokens = config.patches() + 1;
        double eps = MlitConfig.LAYER_NORM_EPS;
        ONNXRef<?> x = TokenEmbedding.embed(layers, images, config.patchSize(), config.patches(),
                TokenEmbedding.Extra.LAST, layers.weights.param("pos_embed"));
        AttentionExport attention = new AttentionExport(layers, config.dim(), config.heads(), tokens);
        for (int i = 0; i < config.depth(); i++) {
            String block = "blocks." + i;
            x = graph.add(x, attention.groupedQuery(layers.layerNorm(x, block + ".norm1", eps), block + ".attn",
                    config.groups()));
            x = graph.add(x, SwiGluMoeExport.apply(layers, layers.layerNorm(x, block + ".norm2", eps), block + ".moe",
                    config.experts(i), config.k(), config.sharing()));
        }
        return x;
    }
}
