package org.vmoe4j.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.data.AugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.runtime.OnnxClassifier;
import org.vmoe4j.runtime.OnnxModelInfo;

/**
 * Inference with ONNX Runtime on a file vmoe4j exported: everything it needs (input size, normalisation, cost,
 * experts) comes from the file's metadata. It sees the per-image routing (the file's {@code experts} output), not
 * the choices of per-token routers inside the graph. The caller keeps owning the session.
 */
public final class OnnxInference implements Inference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OnnxClassifier onnx;
    private final int numExperts;

    public OnnxInference(OnnxClassifier onnx) {
        this.onnx = onnx;
        this.numExperts = onnx.info().family().routedPerImage() ? experts(onnx.info()) : 0;
    }

    @Override
    public Output run(float[] pixels, int batch) {
        OnnxClassifier.Output out = onnx.run(pixels, batch);
        List<Routed> routings = out.experts() == null ? List.of() : List.of(new Routed(out.experts(), numExperts));
        return new Output(batch, onnx.classes(), out.logits(), out.experts(), out.gates(), routings);
    }

    @Override
    public Pipeline pipeline() {
        OnnxModelInfo info = onnx.info();
        return Pipeline.eval(new AugmentConfig(info.imageSize(), info.channels(), 1, 1, 0, AutoAugmentPolicy.NONE,
                info.mean(), info.std()));
    }

    @Override
    public Cost cost() {
        OnnxModelInfo info = onnx.info();
        return new Cost(info.params(), info.activeParams(), info.flopsPerImage());
    }

    @Override
    public List<Long> expertParams() {
        return onnx.info().expertParams();
    }

    public OnnxModelInfo info() {
        return onnx.info();
    }

    /** E of a per-image routed model, from the configuration the file records. */
    private static int experts(OnnxModelInfo info) {
        try {
            if (JSON.readValue(info.configJson(), ModelConfig.class) instanceof VitConfig vit && vit.moe() != null) {
                return vit.moe().experts();
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new UserError("ONNX model " + info.preset() + ": its metadata vmoe4j.config does not describe a routed"
                + " vmoe4j model");
    }
}
