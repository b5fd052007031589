package org.vmoe4j.eval;

import java.util.function.IntConsumer;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.run.TrainedRun;

/** Evaluates a trained run's classifier on some images of its classes, with its own batch size and loaders. */
public final class RunEvaluator {
    private RunEvaluator() {
    }

    /** With the Java model (DJL). */
    public static EvalResult evaluate(TrainedRun run, ImageSource images, IntConsumer progress) {
        try (RunInference inference = RunInference.open(run, InferenceEngine.DJL, null, 1)) {
            return evaluate(run, inference.inference(), images, progress);
        }
    }

    /** With the given inference (e.g. ONNX Runtime on the exported model). */
    public static EvalResult evaluate(TrainedRun run, Inference inference, ImageSource images, IntConsumer progress) {
        TrainConfig train = run.config().train();
        return new Evaluator(inference, train.batchSize(), train.workers())
                .evaluate(images, run.classNames().size(), run.superClasses(), progress);
    }
}
