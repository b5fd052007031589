package org.vmoe4j.eval;

import java.util.List;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Routing;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.tensor.BatchScope;

/** Inference through the Java model's own forward pass (DJL on libtorch); the caller keeps owning the model. */
public final class DjlInference implements Inference {
    private final Classifier model;
    private final Dispatch dispatch;
    private final Normalization normalization;

    /** @param normalization the statistics the model trained with (a run's {@code TrainConfig.normalization}) */
    public DjlInference(Classifier model, Dispatch dispatch, Normalization normalization) {
        this.model = model;
        this.dispatch = dispatch;
        this.normalization = normalization;
    }

    @Override
    public Output run(float[] pixels, int batch) {
        ModelConfig c = model.config();
        try (BatchScope scope = model.openBatch()) {
            ForwardContext context = new ForwardContext(false, false, dispatch);
            ModelOutput out = model.forward(scope.floats(pixels, batch, c.channels(), c.imageSize(), c.imageSize()),
                    context);
            Routing image = out.imageRouting();
            List<Routed> routings = context.routings().stream()
                    .map(r -> new Routed(r.experts().toLongArray(), r.numExperts())).toList();
            float[] logits = out.logits().toFloatArray();
            return new Output(batch, logits.length / batch, logits,
                    image == null ? null : image.experts().toLongArray(),
                    image == null ? null : image.gates().toFloatArray(), routings);
        }
    }

    @Override
    public Pipeline pipeline() {
        return Preprocessing.eval(model.config(), normalization);
    }

    @Override
    public Cost cost() {
        return model.totalCost();
    }

    @Override
    public List<Long> expertParams() {
        return model.expertParams();
    }
}
