package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StudyResultTest {
    @Test
    void aCsvRowQuotesTextWithCommasAndLeavesRouterAccuracyEmptyWithoutOne() {
        StudyResult row = new StudyResult("vit-6x64-k2", "k=2, dense", "dense \"wide\"", 10, 9, 9.4, 100, 0.81234,
                Double.NaN, 61.6);
        assertThat(row.csvLine()).isEqualTo("vit-6x64-k2,\"k=2, dense\",\"dense \"\"wide\"\"\",10,9,9,100,0.8123,,62");
        assertThat(StudyResult.CSV_HEADER.split(",")).hasSize(row.csvLine().replace("\"k=2, dense\"", "x").split(",", -1)
                .length);
    }
}
