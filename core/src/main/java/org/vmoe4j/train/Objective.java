package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.tensor.BatchScope;

/** What a training run optimises: a classifier's loss (SPEC §2–§3) or the masked auto-encoder's (SPEC §4). */
public interface Objective {
    /**
     * One batch's loss terms and, for classifiers, its right answers.
     *
     * @param correct images whose best class is right, or null
     * @param routed images routed to their super-class's expert, or null
     */
    record Step(Losses.Terms loss, Integer correct, Integer routed) {
    }

    /** What the validation split says after an epoch (null where the objective measures nothing). */
    record Validation(Double accuracy, Double routerAccuracy) {
        public static final Validation NONE = new Validation(null, null);
    }

    /**
     * Forward pass and loss of one training batch; runs inside the gradient collector.
     *
     * @param images [B, C, H, W] the batch's pixels, made in {@code scope}, where any other input belongs too
     * @param firstImage the position of the batch's first image in the run's stream of images: step × batch size, plus
     *                   the shard's offset in its batch under data parallelism ({@link DataParallel})
     */
    Step train(Batch batch, BatchScope scope, NDArray images, int epoch, long firstImage, ForwardContext context);

    /** Measures the model on the validation split. */
    Validation validate(ImageSource val);
}
