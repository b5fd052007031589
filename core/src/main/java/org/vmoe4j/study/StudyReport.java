package org.vmoe4j.study;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmoe4j.report.AccuracyFlopsChart;
import org.vmoe4j.io.AtomicFile;

/** A study's outputs: {@code results.csv} and {@code accuracy-vs-flops.png} (MV Fig. 1's axes). */
final class StudyReport {
    static final String CSV = "results.csv";
    static final String CHART = "accuracy-vs-flops.png";

    private StudyReport() {
    }

    static void write(Path dir, String data, List<StudyResult> results) {
        StringBuilder csv = new StringBuilder(StudyResult.CSV_HEADER).append('\n');
        results.forEach(r -> csv.append(r.csvLine()).append('\n'));
        AtomicFile.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, List<AccuracyFlopsChart.Point>> series = new LinkedHashMap<>();
        for (StudyResult r : results) {
            series.computeIfAbsent(r.family(), f -> new java.util.ArrayList<>())
                    .add(new AccuracyFlopsChart.Point(r.model(), r.flops(), r.top1()));
        }
        AccuracyFlopsChart.write(dir.resolve(CHART), "Top-1 accuracy vs FLOPs on " + data.split(":")[0], series);
    }
}
