package org.vmoe4j.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.vmoe4j.io.AtomicFile;

/**
 * An ablation as grouped bars (MV Fig. 3b–e, ML Table 9): one group per setting (E = 5, k = 2, super-class, ...),
 * one bar per series (Mobile V-MoE, its dense baseline, router accuracy), the value printed on each bar.
 */
public final class AblationChart {
    /** One bar: its group, its series and its height, a fraction (drawn in %). */
    public record Bar(String setting, String series, double value) {
    }

    private AblationChart() {
    }

    /** Writes {@code png} atomically; settings and series keep the order of their first bar. */
    public static void write(Path png, String title, List<Bar> bars) {
        Set<String> settings = new LinkedHashSet<>();
        Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
        for (Bar bar : bars) {
            settings.add(bar.setting());
            bySeries.computeIfAbsent(bar.series(), s -> new LinkedHashMap<>()).put(bar.setting(), 100 * bar.value());
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(560).title(title).xAxisTitle("setting")
                .yAxisTitle("accuracy (%)").build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLabelsVisible(true);
        styler.setDecimalPattern("#0.0");
        styler.setOverlapped(false);
        styler.setXAxisLabelRotation(20);
        bySeries.forEach((series, values) -> {
            List<Double> heights = new ArrayList<>();
            settings.forEach(s -> heights.add(values.get(s))); // null: no bar for this series at this setting
            chart.addSeries(series, new ArrayList<>(settings), heights);
        });
        AtomicFile.write(png, tmp -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", tmp.toFile()));
    }
}
