package org.vmoe4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.model.ModelOutput;
import org.vmoe4j.nn.Dispatch;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.Routing;

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
        Counts counts = new Counts(classes);
        long start = System.nanoTime();
        BatchLoader loader = new BatchLoader(split, pipeline, batchSize, false, 0, false, workers);
        try (NDManager manager = NDManager.newBaseManager(); BatchLoader.Epoch epoch = loader.epoch(0)) {
            while (epoch.hasNext()) {
                Batch batch = epoch.next();
                try (NDScope scope = new NDScope()) {
                    NDArray images = manager.create(batch.pixels(),
                            new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
                    ForwardContext context = new ForwardContext(false, false, dispatch);
                    counts.add(batch.labels(), model.forward(images, context), context.routings(), superClasses);
                }
                progress.accept(counts.images);
            }
        }
        return counts.result((System.nanoTime() - start) / 1e9, model);
    }

    /** Running tallies over the batches of one evaluation. */
    private static final class Counts {
        private final long[][] confusion;
        private final List<double[]> load = new ArrayList<>();
        private final List<Long> distinct = new ArrayList<>();
        private int images;
        private int top5;
        private int routed;
        private boolean routerScored;

        Counts(int classes) {
            this.confusion = new long[classes][classes];
        }

        void add(int[] labels, ModelOutput output, List<Routing> routings, SuperClasses superClasses) {
            long[] best5 = output.logits().argSort(-1, false).get(":, :" + Math.min(5, confusion.length)).toLongArray();
            int k5 = best5.length / labels.length;
            for (int i = 0; i < labels.length; i++) {
                confusion[labels[i]][(int) best5[i * k5]]++;
                for (int j = 0; j < k5; j++) {
                    top5 += best5[i * k5 + j] == labels[i] ? 1 : 0;
                }
            }
            if (superClasses != null && output.imageRouting() != null) {
                routerScored = true;
                long[] chosen = output.imageRouting().logits().argMax(1).toLongArray();
                for (int i = 0; i < labels.length; i++) {
                    routed += chosen[i] == superClasses.groupOf(labels[i]) ? 1 : 0;
                }
            }
            for (int r = 0; r < routings.size(); r++) {
                addRouting(r, routings.get(r), labels.length);
            }
            images += labels.length;
        }

        /** Expert load, and how many distinct experts each image's rows (itself or its tokens) reached. */
        private void addRouting(int r, Routing routing, int batch) {
            if (load.size() <= r) {
                load.add(new double[routing.numExperts()]);
                distinct.add(0L);
            }
            long[] experts = routing.experts().toLongArray();
            for (long e : experts) {
                load.get(r)[(int) e]++;
            }
            int perImage = experts.length / batch;
            long reached = 0;
            for (int i = 0; i < batch; i++) {
                reached += java.util.Arrays.stream(experts, i * perImage, (i + 1) * perImage).distinct().count();
            }
            distinct.set(r, distinct.get(r) + reached);
        }

        EvalResult result(double seconds, Classifier model) {
            List<Long> expertParams = model.expertParams();
            long correct = 0;
            for (int c = 0; c < confusion.length; c++) {
                correct += confusion[c][c];
            }
            List<double[]> fractions = new ArrayList<>();
            for (double[] counts : load) {
                double total = java.util.Arrays.stream(counts).sum();
                fractions.add(java.util.Arrays.stream(counts).map(x -> x / total).toArray());
            }
            List<Double> distinctPerImage = distinct.stream().map(n -> (double) n / images).toList();
            List<Double> paramsPerImage = java.util.stream.IntStream.range(0, distinctPerImage.size())
                    .mapToObj(r -> distinctPerImage.get(r) * expertParams.get(r)).toList();
            return new EvalResult(images, (double) correct / images, (double) top5 / images,
                    routerScored ? (double) routed / images : Double.NaN, fractions, distinctPerImage, paramsPerImage,
                    confusion, images / seconds, model.totalCost());
        }
    }
}
