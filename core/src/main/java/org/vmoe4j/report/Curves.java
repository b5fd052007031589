package org.vmoe4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.vmoe4j.io.AtomicFile;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training curves as a PNG: loss on the left panel, train and validation accuracy on the right. */
public final class Curves {
    /** One named series of per-epoch values (null where an epoch has no value). */
    public record Series(String name, List<Double> values) {
    }

    private Curves() {
    }

    /**
     * Writes {@code png} atomically.
     *
     * @param title the chart's title (model and data)
     * @param losses series for the loss panel
     * @param accuracies series (fractions) for the accuracy panel
     */
    public static void write(Path png, String title, List<Series> losses, List<Series> accuracies) {
        XYChart loss = chart(title + " - loss", "loss", losses, 1, "#0.000");
        XYChart accuracy = chart(title + " - accuracy", "accuracy (%)", accuracies, 100, "#0.0");
        java.awt.image.BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        java.awt.image.BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(left.getWidth() + right.getWidth(),
                left.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        both.getGraphics().drawImage(left, 0, 0, null);
        both.getGraphics().drawImage(right, left.getWidth(), 0, null);
        AtomicFile.write(png, tmp -> ImageIO.write(both, "png", tmp.toFile()));
    }

    private static XYChart chart(String title, String yTitle, List<Series> series, double scale, String yPattern) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern(yPattern);
        chart.getStyler().setXAxisDecimalPattern("#0");
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        for (Series s : series) {
            List<Integer> epochs = new java.util.ArrayList<>();
            List<Double> values = new java.util.ArrayList<>();
            for (int i = 0; i < s.values().size(); i++) {
                if (s.values().get(i) != null) {
                    epochs.add(i + 1);
                    values.add(s.values().get(i) * scale);
                }
            }
            if (!values.isEmpty()) {
                XYSeries line = chart.addSeries(s.name(), epochs, values);
                line.setMarker(SeriesMarkers.CIRCLE);
                line.setLineStyle(new BasicStroke(2f));
            }
        }
        return chart;
    }
}
