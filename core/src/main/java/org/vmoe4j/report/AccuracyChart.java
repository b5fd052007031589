package org.vmoe4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.vmoe4j.io.AtomicFile;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Top-1 accuracy against what a model costs, one line per model family: FLOPs per image on a logarithmic axis (MV
 * Fig. 1), or the training images it has seen (sparse upcycling's equal-budget comparison).
 */
public final class AccuracyChart {
    /** One trained model: its name (the point's label), its value on the x axis and top-1 accuracy (a fraction). */
    public record Point(String label, double x, double accuracy) {
    }

    /** An x axis: its title, where a value is drawn, and how a drawn position is labelled. */
    public record Axis(String title, DoubleUnaryOperator position, DoubleFunction<String> tick) {
        /** FLOPs per image, log10 of millions, ticks in millions. */
        public static final Axis FLOPS = new Axis("FLOPs per image (millions, log scale)", v -> Math.log10(v / 1e6),
                v -> String.format("%.3gM", Math.pow(10, v)));
        /** Training images, in thousands. */
        public static final Axis TRAINING_IMAGES = new Axis("training images seen (thousands)", v -> v / 1e3,
                v -> String.format("%.0fk", v));
    }

    private AccuracyChart() {
    }

    private static double y(Point p) {
        return 100 * p.accuracy();
    }

    /** Axis limits from the points' extent (x padded, room above the highest point for its label), then the look. */
    private static void style(XYChart chart, Axis axis, List<Point> all, DoubleSummaryStatistics y, double yRange) {
        XYStyler styler = chart.getStyler();
        DoubleSummaryStatistics x = all.stream().mapToDouble(p -> axis.position().applyAsDouble(p.x()))
                .summaryStatistics();
        double pad = Math.max(0.1 * (x.getMax() - x.getMin()), 0.05);
        styler.setXAxisMin(x.getMin() - pad);
        styler.setXAxisMax(x.getMax() + pad);
        styler.setxAxisTickLabelsFormattingFunction(axis.tick()::apply);
        styler.setYAxisMax(y.getMax() + 0.1 * yRange);
        styler.setYAxisDecimalPattern("#0.0");
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
    }

    /**
     * Writes {@code png} atomically; each series is drawn in order of x and every point is labelled; the x axis is
     * padded so that labels stay inside the plot.
     */
    public static void write(Path png, String title, Axis axis, Map<String, List<Point>> series) {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
                .xAxisTitle(axis.title()).yAxisTitle("top-1 accuracy (%)").build();
        List<Point> all = series.values().stream().flatMap(List::stream).toList();
        DoubleSummaryStatistics y = all.stream().mapToDouble(AccuracyChart::y).summaryStatistics();
        double yRange = Math.max(y.getMax() - y.getMin(), 1);
        style(chart, axis, all, y, yRange);
        series.forEach((family, points) -> {
            List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
            XYSeries line = chart.addSeries(family, sorted.stream().map(p -> axis.position().applyAsDouble(p.x()))
                    .toList(), sorted.stream().map(AccuracyChart::y).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(new BasicStroke(2f));
        });
        all.forEach(p -> chart.addAnnotation(new AnnotationText(p.label(), axis.position().applyAsDouble(p.x()),
                y(p) + 0.03 * yRange, false)));
        AtomicFile.write(png, tmp -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", tmp.toFile()));
    }
}
