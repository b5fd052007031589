package org.vmoe4j.study;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.report.AblationChart;
import org.vmoe4j.report.AccuracyChart;

/**
 * A study's outputs: {@code results.csv} and a chart, {@code accuracy-vs-flops.png} for a comparison of models (MV
 * Fig. 1's axes; with upcycled arms also {@code accuracy-vs-training-images.png}) or {@code ABLATION.png} for an
 * ablation (grouped bars of top-1 and router accuracy per setting).
 */
final class StudyReport {
    static final String CSV = "results.csv";
    static final String CHART = "accuracy-vs-flops.png";
    static final String IMAGES_CHART = "accuracy-vs-training-images.png";

    private StudyReport() {
    }

    /** One line per series, a point per model at {@code x}. */
    private static Map<String, List<AccuracyChart.Point>> series(List<StudyResult> results,
                                                                 ToDoubleFunction<StudyResult> x) {
        Map<String, List<AccuracyChart.Point>> series = new LinkedHashMap<>();
        for (StudyResult r : results) {
            series.computeIfAbsent(r.series(), f -> new ArrayList<>())
                    .add(new AccuracyChart.Point(r.model(), x.applyAsDouble(r), r.top1()));
        }
        return series;
    }

    /** The chart file of a plan. */
    static String chart(StudyPlan plan) {
        return plan.ablation() == null ? CHART : plan.ablation() + ".png";
    }

    static void write(Path dir, StudyPlan plan, List<StudyResult> results) {
        StringBuilder csv = new StringBuilder(StudyResult.CSV_HEADER).append('\n');
        results.forEach(r -> csv.append(r.csvLine()).append('\n'));
        AtomicFile.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        String data = plan.data().split(":")[0];
        if (plan.ablation() == null) {
            AccuracyChart.write(dir.resolve(CHART), "Top-1 accuracy vs FLOPs on " + data, AccuracyChart.Axis.FLOPS,
                    series(results, StudyResult::flops));
            if (plan.arms().stream().anyMatch(arm -> arm.upcycleFrom() != null)) {
                AccuracyChart.write(dir.resolve(IMAGES_CHART), "Top-1 accuracy vs training images on " + data,
                        AccuracyChart.Axis.TRAINING_IMAGES, series(results, StudyResult::trainImages));
            }
            return;
        }
        List<AblationChart.Bar> bars = new ArrayList<>();
        for (StudyResult r : results) {
            bars.add(new AblationChart.Bar(r.setting(), r.series() + " top-1", r.top1()));
            if (!Double.isNaN(r.routerAccuracy())) {
                bars.add(new AblationChart.Bar(r.setting(), "router accuracy", r.routerAccuracy()));
            }
        }
        AblationChart.write(dir.resolve(chart(plan)), plan.ablation() + " on " + data, bars);
    }
}
