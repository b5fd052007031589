package org.vmoe4j.eval;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.IntConsumer;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Routing;
import org.vmoe4j.tensor.BatchScope;

/** Runs a classifier over a split without augmentation and counts what {@link EvalResult} reports. */
public final class Evaluator {
    private final Classifier model;
    private final Pipeline pipeline;
    private final int batchSize;
    private final int workers;
    private final Dispatch dispatch;

    public Evaluator(Classifier model, Pipeline pipeline, int batchSize, int workers, Dispatch dispatch) {
        this.model = model;
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.workers = workers;
        this.dispatch = dispatch;
    }

    /**
     * @param superClasses the class → group map the router was trained on, or null
     * @param progress called with the number of images done after each batch
     */
    public EvalResult evaluate(ImageSource split, int classes, SuperClasses superClasses, IntConsumer progress) {
        EvalTally tally = new EvalTally(classes, superClasses);
        long start = System.nanoTime();
        BatchLoader loader = new BatchLoader(split, pipeline, batchSize, false, 0, false, workers);
        try (BatchLoader.Epoch epoch = loader.epoch(0)) {
            while (epoch.hasNext()) {
                count(epoch.next(), tally, Math.min(5, classes));
                progress.accept(tally.images());
            }
        }
        return tally.result((System.nanoTime() - start) / 1e9, model.expertParams(), model.totalCost());
    }

    private void count(Batch batch, EvalTally tally, int top) {
        try (BatchScope scope = model.openBatch()) {
            ForwardContext context = new ForwardContext(false, false, dispatch);
            ModelOutput output = model.forward(scope.floats(batch.pixels(), batch.shape()), context);
            long[] best = output.logits().argSort(-1, false).get(":, :" + top).toLongArray();
            Routing image = output.imageRouting();
            tally.addPredictions(batch.labels(), best, image == null ? null : image.logits().argMax(1).toLongArray());
            List<Routing> routings = context.routings();
            for (int r = 0; r < routings.size(); r++) {
                tally.addRouting(r, routings.get(r).experts().toLongArray(), routings.get(r).numExperts(), batch.size());
            }
        }
    }
}
