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
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Accuracy against FLOPs per image on a logarithmic axis, one line per model family (MV Fig. 1). */
public final class AccuracyFlopsChart {
    /** One trained model: its name (the point's label), FLOPs per image and top-1 accuracy (a fraction). */
    public record Point(String label, double flops, double accuracy) {
    }

    private AccuracyFlopsChart() {
    }

    private static double x(Point p) {
        return Math.log10(p.flops() / 1e6);
    }

    private static double y(Point p) {
        return 100 * p.accuracy();
    }

    /** Axis limits from the points' extent (x padded, room above the highest point for its label), then the look. */
    private static void style(XYChart chart, List<Point> all, DoubleSummaryStatistics y, double yRange) {
        XYStyler styler = chart.getStyler();
        DoubleSummaryStatistics x = all.stream().mapToDouble(AccuracyFlopsChart::x).summaryStatistics();
        double pad = Math.max(0.1 * (x.getMax() - x.getMin()), 0.05);
        styler.setXAxisMin(x.getMin() - pad);
        styler.setXAxisMax(x.getMax() + pad);
        styler.setxAxisTickLabelsFormattingFunction(v -> String.format("%.3gM", Math.pow(10, v)));
        styler.setYAxisMax(y.getMax() + 0.1 * yRange);
        styler.setYAxisDecimalPattern("#0.0");
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
    }

    /**
     * Writes {@code png} atomically; each series is drawn in order of FLOPs and every point is labelled. The x axis
     * is log10(FLOPs) with ticks labelled in millions, padded so that labels stay inside the plot.
     */
    public static void write(Path png, String title, Map<String, List<Point>> series) {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
                .xAxisTitle("FLOPs per image (millions, log scale)").yAxisTitle("top-1 accuracy (%)").build();
        List<Point> all = series.values().stream().flatMap(List::stream).toList();
        DoubleSummaryStatistics y = all.stream().mapToDouble(AccuracyFlopsChart::y).summaryStatistics();
        double yRange = Math.max(y.getMax() - y.getMin(), 1);
        style(chart, all, y, yRange);
        series.forEach((family, points) -> {
            List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::flops)).toList();
            XYSeries line = chart.addSeries(family, sorted.stream().map(AccuracyFlopsChart::x).toList(),
                    sorted.stream().map(AccuracyFlopsChart::y).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(new BasicStroke(2f));
        });
        all.forEach(p -> chart.addAnnotation(new AnnotationText(p.label(), x(p), y(p) + 0.03 * yRange, false)));
        AtomicFile.write(png, tmp -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", tmp.toFile()));
    }
}
