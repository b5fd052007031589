package org.vmoe4j.eval;

import java.util.function.IntConsumer;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.SuperClasses;

/** Runs a classifier over a split without augmentation and counts what {@link EvalResult} reports. */
public final class Evaluator {
    private final Inference inference;
    private final int batchSize;
    private final int workers;

    public Evaluator(Inference inference, int batchSize, int workers) {
        this.inference = inference;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    /**
     * @param superClasses the class → group map the router was trained on, or null
     * @param progress called with the number of images done after each batch
     */
    public EvalResult evaluate(ImageSource split, int classes, SuperClasses superClasses, IntConsumer progress) {
        EvalTally tally = new EvalTally(classes, superClasses);
        long start = System.nanoTime();
        BatchLoader loader = new BatchLoader(split, inference.pipeline(), batchSize, false, 0, false, workers);
        try (BatchLoader.Epoch epoch = loader.epoch(0)) {
            while (epoch.hasNext()) {
                count(epoch.next(), tally, Math.min(5, classes));
                progress.accept(tally.images());
            }
        }
        return tally.result((System.nanoTime() - start) / 1e9, inference.expertParams(), inference.cost());
    }

    private void count(Batch batch, EvalTally tally, int top) {
        Inference.Output out = inference.run(batch.pixels(), batch.size());
        tally.addPredictions(batch.labels(), out.best(top), out.routerChoice());
        for (int r = 0; r < out.routings().size(); r++) {
            Inference.Routed routed = out.routings().get(r);
            tally.addRouting(r, routed.experts(), routed.numExperts(), batch.size());
        }
    }
}
