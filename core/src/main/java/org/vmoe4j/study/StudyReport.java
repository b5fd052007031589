package org.vmoe4j.study;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.report.AblationChart;
import org.vmoe4j.report.AccuracyFlopsChart;

/**
 * A study's outputs: {@code results.csv} and a chart, {@code accuracy-vs-flops.png} for a comparison of models (MV
 * Fig. 1's axes) or {@code ABLATION.png} for an ablation (grouped bars of top-1 and router accuracy per setting).
 */
final class StudyReport {
    static final String CSV = "results.csv";
    static final String CHART = "accuracy-vs-flops.png";

    private StudyReport() {
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
            Map<String, List<AccuracyFlopsChart.Point>> series = new LinkedHashMap<>();
            for (StudyResult r : results) {
                series.computeIfAbsent(r.series(), f -> new ArrayList<>())
                        .add(new AccuracyFlopsChart.Point(r.model(), r.flops(), r.top1()));
            }
            AccuracyFlopsChart.write(dir.resolve(CHART), "Top-1 accuracy vs FLOPs on " + data, series);
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
