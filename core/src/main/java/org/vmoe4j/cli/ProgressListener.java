package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.train.StepStats;
import org.vmoe4j.train.Trainer;

/**
 * A progress bar per epoch (loss, accuracy, images/s, ETA) and a summary line when it ends. Every bar the CLI draws
 * comes from {@link #bar}, so that an error can first end the bars still drawing ({@link #endAll}) and start on a
 * line of its own.
 */
final class ProgressListener implements Trainer.Listener {
    private static final Set<ProgressBar> DRAWING = ConcurrentHashMap.newKeySet();

    private final PrintWriter out;
    private final int epochs;
    private ProgressBar bar;

    ProgressListener(PrintWriter out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        bar = bar(String.format("epoch %d/%d", epoch + 1, epochs), batches);
    }

    /** A progress bar on standard error; redrawn rarely when the output is not a terminal. */
    static ProgressBar bar(String task, long max) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(System.console() == null ? 30_000 : 500)
                .setMaxRenderedLength(120).continuousUpdate().build();
        DRAWING.add(bar);
        return bar;
    }

    /** Ends every bar still drawing (their last line gets its newline); the next output starts on a line of its own. */
    static void endAll() {
        DRAWING.forEach(ProgressBar::close);
        DRAWING.clear();
    }

    @Override
    public void batchDone(StepStats running) {
        bar.step();
        String accuracy = Double.isNaN(running.accuracy()) ? "" : String.format(" acc %.1f%%", 100 * running.accuracy());
        bar.setExtraMessage(String.format(" loss %.3f%s %.0f img/s", running.meanLoss(), accuracy,
                running.imagesPerSecond()));
    }

    @Override
    public void epochDone(EpochMetrics m) {
        bar.close();
        out.printf("epoch %d/%d: loss %.4f%s%s%s, lr %.2e, %.0f img/s, %.0f s%n", m.epoch(), epochs, m.loss(),
                m.trainAccuracy() == null ? "" : String.format(", train acc %.2f%%", 100 * m.trainAccuracy()),
                m.valAccuracy() == null ? "" : String.format(", val acc %.2f%%", 100 * m.valAccuracy()),
                m.valRouterAccuracy() == null ? "" : String.format(", val router acc %.2f%%", 100 * m.valRouterAccuracy()),
                m.lr(), m.imagesPerSecond(), m.seconds());
        out.flush();
    }
}
