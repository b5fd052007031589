package org.vmoe4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.model.Model;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;
import org.vmoe4j.tensor.Ops;

/**
 * A model on its device with the objective that trains it: the forward and backward pass of one batch, or of one
 * shard of it under data parallelism ({@link DataParallel}). The gradients are left on the model's parameters
 * (added to what they hold: PyTorch accumulates them) for the optimizer or the all-reduce.
 */
record Replica(Model model, Objective objective) {
    /**
     * @param firstImage the position of the batch's first image in the run's stream of images (see {@link Objective})
     * @param weight the factor of this batch's loss in the gradient: 1 for a whole batch, n_r/n for a shard of n_r
     *               of a batch's n images
     */
    StepStats.Step forwardBackward(Batch batch, long firstImage, int epoch, TrainConfig config, double weight) {
        try (BatchScope scope = model.openBatch()) {
            NDArray images = scope.floats(batch.pixels(), batch.shape()); // [B, C, H, W]
            Objective.Step result;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                result = objective.train(batch, scope, images, epoch, firstImage,
                        new ForwardContext(true, true, config.dispatch(), config.dropPath()));
                NDArray loss = result.loss().total();
                collector.backward(weight == 1 ? loss : Ops.mul(loss, weight));
            }
            return StepStats.Step.of(batch.size(), result);
        }
    }
}
