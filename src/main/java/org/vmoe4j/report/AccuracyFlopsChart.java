package org.vmoe4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Accuracy against FLOPs per image on a logarithmic axis, one line per model family (MV Fig. 1). */
public final class AccuracyFlopsChart {
    /** One trained model: its name (the point's label), FLOPs per image and top-1 accuracy (a fraction). */
    public record Point(String label, double flops, double accuracy) {
    }

    private AccuracyFlopsChart() {
    }

    /** Writes {@code png} atomically; each series is drawn in order of FLOPs and every point is labelled. */
    public static void write(Path png, String title, Map<String, List<Point>> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
                .xAxisTitle("FLOPs per image (millions, log scale)").yAxisTitle("top-1 accuracy (%)").build();
        Styler styler = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#0.0");
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        series.forEach((family, points) -> {
            List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::flops)).toList();
            XYSeries line = chart.addSeries(family, sorted.stream().map(p -> p.flops() / 1e6).toList(),
                    sorted.stream().map(p -> 100 * p.accuracy()).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(new BasicStroke(2f));
            sorted.forEach(p -> chart.addAnnotation(new AnnotationText(p.label(), p.flops() / 1e6, 100 * p.accuracy(), false)));
        });
        Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), png.getFileName().toString(), ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
