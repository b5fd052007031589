package org.vmoe4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.data.Image;

class PreviewGridTest {

    @Test
    void writesAGridOfEnlargedImagesAndLeavesNoTemporaryFile(@TempDir Path dir)
            throws Exception {
        Image red = new Image(2, 2, 3, new byte[] {
            (byte) 255, 0, 0, (byte) 255, 0, 0, (byte) 255, 0, 0, (byte) 255, 0, 0});
        Image gray = new Image(2, 2, 1, new byte[] {10, 10, 10, 10});
        Path png = dir.resolve("sub/preview.png");
        PreviewGrid.write(png, List.of(red, gray, red), List.of("cat", "a much longer caption",
                "x"), 8);
        BufferedImage out = ImageIO.read(png.toFile());
        // 3 images -> 2 columns, 2 rows; cells at least 16 px of image plus a caption
        assertThat(out.getWidth()).isGreaterThanOrEqualTo(2 * 16 + 3 * 4);
        assertThat(out.getHeight()).isGreaterThan(2 * 16 + 3 * 4);
        // cell 0 image is centred in its cell; find a red pixel in the top-left cell
        int cell = (out.getWidth() - 3 * 4) / 2;
        int x = 4 + (cell - 16) / 2 + 8;
        assertThat(out.getRGB(x, 4 + 8) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(out.getRGB(x + cell + 4, 4 + 8) & 0xFFFFFF).isEqualTo(0x0A0A0A);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("preview.png");
        }
    }

    @Test
    void captionsAreOptionalAndAFileIsReplaced(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("p.png");
        Files.writeString(png, "old");
        Image img = new Image(3, 5, 1, new byte[15]);
        PreviewGrid.write(png, List.of(img), null, 2);
        BufferedImage out = ImageIO.read(png.toFile());
        assertThat(out.getWidth()).isEqualTo(10 + 2 * 4);
        assertThat(out.getHeight()).isEqualTo(6 + 2 * 4);
    }
}
