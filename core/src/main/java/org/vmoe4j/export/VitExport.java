package org.vmoe4j.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.tribuo.util.onnx.ONNXRef;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.VitConfig;

/**
 * The ViT family as a graph: the dense ViT (SPEC §1), the Mobile V-MoE routed per image (SPEC §2) with
 * its experts and gates as outputs, and regular V-MoE routed per token. Pre-norm blocks
 * x += MHSA(LN(x)); x += MLP(LN(x)) with LayerNorm eps {@value VitConfig#LAYER_NORM_EPS}; the head reads
 * the normed class token.
 */
final class VitExport {
    private VitExport() {
    }

    static void build(Layers layers, VitConfig config, ONNXRef<?> images) {
        OnnxGraph graph = layers.graph;
        int tokens = config.patches() + 1;
        double eps = VitConfig.LAYER_NORM_EPS;
        ONNXRef<?> x = TokenEmbedding.embed(layers, images, config.patchSize(), config.patches(),
                TokenEmbedding.Extra.FIRST, positions(layers.weights, config));                  // [N·T, D]
        AttentionExport attention = new AttentionExport(layers, config.dim(), config.heads(), tokens);
        MoeConfig moe = config.moe();
        int firstMoe = moe == null ? config.depth() : config.depth() - moe.layers();
        OnnxGraph.TopK routing = null;
        for (int i = 0; i < config.depth(); i++) {
            String block = "blocks." + i;
            if (i == firstMoe && moe.router() != MoeConfig.Router.TOKEN) {
                routing = ImageRoutedExperts.route(layers, x, moe, tokens, config.dim());
            }
            x = graph.add(x, attention.multiHead(layers.layerNorm(x, block + ".norm1", eps), block + ".attn"));
            ONNXRef<?> h = layers.layerNorm(x, block + ".norm2", eps);
            ONNXRef<?> ffn = i < firstMoe ? layers.mlp(h, block + ".mlp")
                    : routing != null ? ImageRoutedExperts.apply(layers, h, block, routing, tokens, config.dim())
                    : TokenRoutedExperts.apply(layers, h, block, moe);
            x = graph.add(x, ffn);
        }
        ONNXRef<?> classToken = graph.select(graph.reshape(x, -1, tokens, config.dim()), 0, 1);   // [N, D]
        classToken = layers.layerNorm(classToken, "norm", eps);
        graph.output(OnnxContract.LOGITS, layers.linear(classToken, "head"), DataType.FLOAT,
                OnnxGraph.BATCH_DIM, config.classes());
        if (routing != null) {
            graph.output(OnnxContract.EXPERTS, routing.indices(), DataType.INT64, OnnxGraph.BATCH_DIM, moe.k());
            graph.output(OnnxContract.GATES, routing.values(), DataType.FLOAT, OnnxGraph.BATCH_DIM, moe.k());
        }
    }

    /** pos_embed [1, T, D] with the class token added to row 0 (where the embedding leaves a zero row). */
    private static NDArray positions(Weights weights, VitConfig config) {
        NDArray positions = weights.param("pos_embed");
        NDArray classToken = weights.param("cls_token");                                          // [1, 1, D]
        NDArray rest = positions.getManager().zeros(new Shape(1, config.patches(), config.dim()));
        return positions.add(classToken.concat(rest, 1));
    }
}
