package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

class ImageFilesTest {
    @TempDir
    Path dir;

    /** An RGB image whose pixel (x, y) is (10x + y, 100 + y, 200 - x). */
    static BufferedImage rgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | ((100 + y) << 8) | (200 - x));
            }
        }
        return img;
    }

    /** A gray image whose pixel (x, y) is 20x + 3y. */
    static BufferedImage gray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 20 * x + 3 * y);
            }
        }
        return img;
    }

    static Path write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
        return file;
    }

    @Test
    void rgbPngDecodesExactlyToHwc() throws IOException {
        Image img = ImageFiles.read(write(rgb(5, 3), "png", dir.resolve("a.png")));
        assertThat(new int[] {img.height(), img.width(), img.channels()}).containsExactly(3, 5, 3);
        assertThat(img.at(2, 4, 0)).isEqualTo(42);
        assertThat(img.at(2, 4, 1)).isEqualTo(102);
        assertThat(img.at(2, 4, 2)).isEqualTo(196);
        assertThat(img.pixels()[(1 * 5 + 3) * 3] & 0xFF).isEqualTo(31);
    }

    @Test
    void grayPngStaysOneChannel() throws IOException {
        Image img = ImageFiles.read(write(gray(6, 4), "png", dir.resolve("g.png")));
        assertThat(img.channels()).isEqualTo(1);
        assertThat(img.at(3, 5, 0)).isEqualTo(109);
        assertThat(img.pixels()[2 * 6 + 1] & 0xFF).isEqualTo(26);
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 257 * 100);
        Image out = ImageFiles.read(write(img, "png", dir.resolve("g16.png")));
        assertThat(out.channels()).isEqualTo(1);
        assertThat(out.at(0, 0, 0)).isEqualTo(255);
        assertThat(out.at(0, 1, 0)).isEqualTo(100);
    }

    @Test
    void jpegDecodesToRgbAndGrayJpegToOneChannel() throws IOException {
        BufferedImage flat = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, 0xC83264); // (200, 50, 100): JPEG keeps a flat colour nearly exact
            }
        }
        Image img = ImageFiles.read(write(flat, "jpg", dir.resolve("c.jpg")));
        assertThat(new int[] {img.height(), img.width(), img.channels()}).containsExactly(8, 16, 3);
        assertThat(img.at(4, 9, 0)).isCloseTo(200, org.assertj.core.data.Offset.offset(3));
        assertThat(img.at(4, 9, 1)).isCloseTo(50, org.assertj.core.data.Offset.offset(3));
        assertThat(img.at(4, 9, 2)).isCloseTo(100, org.assertj.core.data.Offset.offset(3));
        Image g = ImageFiles.read(write(gray(8, 8), "jpg", dir.resolve("g.jpg")));
        assertThat(g.channels()).isEqualTo(1);
    }

    @Test
    void garbageFileIsAUserErrorNamingIt() throws IOException {
        Path f = dir.resolve("broken.jpg");
        Files.writeString(f, "this is not an image");
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(UserError.class).hasMessageContaining("broken.jpg").hasMessageContaining("cannot decode");
    }

    @Test
    void truncatedPngIsAUserError() throws IOException {
        Path f = write(rgb(40, 40), "png", dir.resolve("cut.png"));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> ImageFiles.read(f))
                .isInstanceOf(UserError.class).hasMessageContaining("cut.png");
    }

    @Test
    void missingFileIsAUserError() {
        assertThatThrownBy(() -> ImageFiles.read(dir.resolve("none.png")))
                .isInstanceOf(UserError.class).hasMessageContaining("none.png").hasMessageContaining("not found");
    }
}
