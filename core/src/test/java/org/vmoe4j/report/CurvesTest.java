package org.vmoe4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves chart: a two-panel PNG, written without leaving temporary files, tolerant of missing values. */
class CurvesTest {
    @TempDir
    Path dir;

    @Test
    void writesTwoPanelsSideBySide() throws Exception {
        Path png = dir.resolve("curves.png");
        Curves.write(png, "mlit-xxs on test", List.of(new Curves.Series("training loss", List.of(2.0, 1.5, 1.2))),
                List.of(new Curves.Series("train", List.of(0.3, 0.5, 0.6)),
                        new Curves.Series("validation", Arrays.asList(null, 0.55, 0.62))));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 640);
        assertThat(image.getHeight()).isEqualTo(420);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("curves.png");
        }
    }
}
