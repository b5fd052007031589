package org.vmoe4j.train;

import org.vmoe4j.run.EpochMetrics;

/** A training listener that ignores progress, for tests that train. */
public class QuietListener implements Trainer.Listener {
    @Override
    public void epochStarted(int epoch, int batches) {
    }

    @Override
    public void batchDone(StepStats running) {
    }

    @Override
    public void epochDone(EpochMetrics metrics) {
    }
}
