package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitSummaryTest {
    @TempDir
    Path dir;

    @Test
    void inMemorySplitHasAnExactSizeWithoutDecoding() {
        ImageSource src = new InMemoryImageSource(2, 3, 1, new byte[4 * 6], new int[] {0, 2, 2, 0});
        SplitSummary s = SplitSummary.of(src, 5, 8);
        assertThat(s.images()).isEqualTo(4);
        assertThat(s.classesPresent()).isEqualTo(2);
        assertThat(s.fixed()).isTrue();
        assertThat(s.sampled()).isZero();
        assertThat(s.sizeText()).isEqualTo("2x3x1");
    }

    @Test
    void lazySplitIsSampledEvenlyAndReportsTheRange() throws IOException {
        FolderReaderTest.writeTree(dir);
        ImageSource train = new FolderReader().read(dir).train(); // 3x5x3, 7x9x3, 4x6x1, 4x4x3
        SplitSummary all = SplitSummary.of(train, 3, 8);
        assertThat(all.sampled()).isEqualTo(4);
        assertThat(all.uniform()).isFalse();
        assertThat(all.channels()).containsExactly(1, 3);
        assertThat(all.sizeText()).isEqualTo("varies: height 3..7, width 4..9, channels 1/3 (4 sampled)");
        SplitSummary two = SplitSummary.of(train, 3, 2); // first and last image: 3x5x3, 4x4x3
        assertThat(two.sizeText()).isEqualTo("varies: height 3..4, width 4..5, channels 3 (2 sampled)");
        SplitSummary one = SplitSummary.of(train, 3, 1);
        assertThat(one.sizeText()).isEqualTo("3x5x3 (1 sampled)");
    }

    @Test
    void emptySplit() {
        SplitSummary s = SplitSummary.of(ImageSources.empty(), 10, 8);
        assertThat(s.images()).isZero();
        assertThat(s.sizeText()).isEqualTo("-");
    }
}
