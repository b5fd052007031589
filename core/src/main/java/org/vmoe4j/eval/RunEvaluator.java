package org.vmoe4j.eval;

import java.util.function.IntConsumer;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.model.Classifier;
import org.vmoe4j.run.Preprocessing;
import org.vmoe4j.run.TrainedRun;

/** Evaluates a trained run's classifier on some images of its classes, with its own batch size and loaders. */
public final class RunEvaluator {
    private RunEvaluator() {
    }

    public static EvalResult evaluate(TrainedRun run, ImageSource images, IntConsumer progress) {
        TrainConfig train = run.config().train();
        try (Classifier model = run.loadClassifier()) {
            return new Evaluator(model, Preprocessing.eval(run.config()), train.batchSize(), train.workers(),
                    train.dispatch()).evaluate(images, run.classNames().size(), run.superClasses(), progress);
        }
    }
}
