package org.vmoe4j.train;

import java.util.List;
import java.util.function.Function;
import org.vmoe4j.report.Curves;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.RunDirectory;

/** Passes progress on and redraws {@code curves.png} (loss; train and validation accuracy) after every epoch. */
final class EpochCharts implements Trainer.Listener {
    private final RunDirectory run;
    private final String title;
    private final Trainer.Listener next;
    private final Runnable afterEpoch;

    /**
     * @param title what the chart is of (model and data)
     * @param afterEpoch more to draw after each epoch (mmLiT's reconstructions), or nothing
     */
    EpochCharts(RunDirectory run, String title, Trainer.Listener next, Runnable afterEpoch) {
        this.run = run;
        this.title = title;
        this.next = next;
        this.afterEpoch = afterEpoch;
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        next.epochStarted(epoch, batches);
    }

    @Override
    public void batchDone(StepStats running) {
        next.batchDone(running);
    }

    @Override
    public void epochDone(EpochMetrics metrics) {
        next.epochDone(metrics);
        List<EpochMetrics> all = run.readMetrics();
        Curves.write(run.file("curves.png"), title, List.of(series("training loss", all, EpochMetrics::loss)),
                List.of(series("train (augmented)", all, EpochMetrics::trainAccuracy),
                        series("validation", all, EpochMetrics::valAccuracy)));
        afterEpoch.run();
    }

    private static Curves.Series series(String name, List<EpochMetrics> all, Function<EpochMetrics, Double> value) {
        return new Curves.Series(name, all.stream().map(value).toList());
    }
}
