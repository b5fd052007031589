package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.eval.DjlInference;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.Evaluator;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;

/**
 * Supervised classification: L_C + MoE losses, + λ·L_g against super-class labels when the run has them. L_C is the
 * cross-entropy against the labels, or against soft targets when the batch is mixed or the labels smoothed
 * ({@link SoftTargets}); accuracy and the super-class labels always use each image's own (unmixed) label.
 */
public final class ClassifierObjective implements Objective {
    private final Classifier model;
    private final SuperClasses superClasses;
    private final double routerWeight;
    private final double labelSmoothing;
    private final Evaluator evaluator;
    private final int classes;

    public ClassifierObjective(Classifier model, int classes, SuperClasses superClasses, TrainConfig config) {
        this.model = model;
        this.classes = classes;
        this.superClasses = superClasses;
        this.routerWeight = config.routerWeight();
        this.labelSmoothing = config.labelSmoothing();
        this.evaluator = new Evaluator(new DjlInference(model, config.dispatch(), config.normalization()),
                config.batchSize(), config.workers());
    }

    @Override
    public Step train(Batch batch, BatchScope scope, NDArray images, int epoch, long firstImage,
                      ForwardContext context) {
        NDArray labels = scope.longs(batch.longLabels(), batch.size());
        NDArray superLabels = superClasses == null ? null : scope.longs(groups(batch.labels()), batch.size());
        ModelOutput output = model.forward(images, context);
        NDArray task = SoftTargets.needed(batch, labelSmoothing)
                ? Losses.softCrossEntropy(output.logits(), scope.floats(SoftTargets.of(batch, classes, labelSmoothing),
                        batch.size(), classes))
                : Losses.crossEntropy(output.logits(), labels);
        Losses.Terms loss = Losses.withTask(output, task, superLabels, routerWeight);
        int correct = (int) output.logits().argMax(1).eq(labels).sum().getLong();
        Integer routed = superLabels == null || output.imageRouting() == null ? null
                : (int) output.imageRouting().logits().argMax(1).eq(superLabels).sum().getLong();
        return new Step(loss, correct, routed);
    }

    @Override
    public Validation validate(ImageSource val) {
        EvalResult result = evaluator.evaluate(val, classes, superClasses, done -> { });
        return new Validation(result.top1(), Double.isNaN(result.routerAccuracy()) ? null : result.routerAccuracy());
    }

    private long[] groups(int[] labels) {
        return java.util.Arrays.stream(labels).mapToLong(superClasses::groupOf).toArray();
    }
}
