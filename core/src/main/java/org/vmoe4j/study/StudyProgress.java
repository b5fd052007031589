package org.vmoe4j.study;

import java.util.function.Function;
import java.util.function.IntConsumer;
import org.vmoe4j.train.Trainer;

/** How a study reports what it does: the command line gives it progress bars and printed lines. */
public interface StudyProgress {
    /** A listener for one model's training run. */
    Trainer.Listener training(String model, int epochs);

    /** Runs {@code work} (an evaluation of {@code images} images) while showing how far it got. */
    <T> T evaluating(String label, int images, Function<IntConsumer, T> work);

    /** One line of text for the user. */
    void say(String line);
}
