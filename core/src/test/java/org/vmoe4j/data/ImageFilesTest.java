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
import org.vmoe4j.HostileFiles;
import org.vmoe4j.UserError;

public class ImageFilesTest {
    @TempDir
    Path dir;

    /** An RGB image whose pixel (x, y) is (10x + y, 100 + y, 200 - x). */
    public static BufferedImage rgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + y) << 16) | ((100 + y) << 8) | (200 - x));
            }
        }
        return img;
    }

    /** A gray image whose pixel (x, y) is 20x + 3y. */
    public static BufferedImage gray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 20 * x + 3 * y);
            }
        }
        return img;
    }

    public static Path write(BufferedImage img, String format, Path file) throws IOException {
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

    /** A JPEG of noise, so that half of it is half of the picture. */
    public static Path noiseJpeg(Path file) throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        return write(img, "jpg", file);
    }

    @Test
    void jpegCutInHalfIsRefusedAlthoughTheDecoderWouldFillItWithGrey() throws IOException {
        Path f = noiseJpeg(dir.resolve("half.jpg"));
        byte[] b = Files.readAllBytes(f);
        assertThat(ImageFiles.read(f).height()).isEqualTo(48); // whole, it decodes
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertThat(ImageIO.read(f.toFile())).isNotNull(); // what the JDK alone does with it
        assertThatThrownBy(() -> ImageFiles.read(f)).isInstanceOf(UserError.class)
                .hasMessageStartingWith(f + ": damaged jpeg image (the decoder warns: ")
                .hasMessageContaining("Missing EOI marker");
    }

    @Test
    void hugePngIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        Path f = Files.write(dir.resolve("huge.png"), HostileFiles.pngHeader(40000, 40000));
        assertThat(Files.size(f)).isLessThan(1000);
        assertThatThrownBy(() -> ImageFiles.read(f)).isInstanceOf(UserError.class)
                .hasMessage(f + ": its 40000x40000 pixels = 1,600,000,000, above the limit of 67,108,864 pixels per image");
        Path ok = Files.write(dir.resolve("wide.png"), HostileFiles.pngHeader(65536, 1)); // within the limit: decoded
        assertThat(ImageFiles.read(ok).width()).isEqualTo(65536);
    }

    @Test
    void gifAndBmpDecodeExactly() throws IOException {
        Image bmp = ImageFiles.read(write(rgb(5, 3), "bmp", dir.resolve("a.bmp")));
        assertThat(new int[] {bmp.height(), bmp.width(), bmp.channels()}).containsExactly(3, 5, 3);
        assertThat(new int[] {bmp.at(2, 4, 0), bmp.at(2, 4, 1), bmp.at(2, 4, 2)}).containsExactly(42, 102, 196);
        BufferedImage two = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        two.setRGB(3, 1, 0xFF0000); // a two-colour image survives GIF's palette unchanged
        Image gif = ImageFiles.read(write(two, "gif", dir.resolve("a.gif")));
        assertThat(new int[] {gif.at(1, 3, 0), gif.at(1, 3, 1), gif.at(0, 0, 0)}).containsExactly(255, 0, 0);
    }

    @Test
    void wbmpAndTiffAreRefusedByContentWhateverTheName() throws IOException {
        Path wbmp = Files.write(dir.resolve("blank.png"), new byte[] {0, 0, 16, 2, 0, 0, 0, 0});
        assertThat(ImageIO.read(wbmp.toFile())).isNotNull(); // the JDK sees a blank 16x2 WBMP in any such 8 bytes
        assertThatThrownBy(() -> ImageFiles.read(wbmp)).isInstanceOf(UserError.class)
                .hasMessage(wbmp + ": cannot decode image (not a JPEG, PNG, GIF or BMP file)");
        Path tiff = write(rgb(4, 4), "tiff", dir.resolve("t.jpg"));
        assertThatThrownBy(() -> ImageFiles.read(tiff)).isInstanceOf(UserError.class)
                .hasMessage(tiff + ": cannot decode image (not a JPEG, PNG, GIF or BMP file)");
    }

    @Test
    void truncatedGifAndBmpAreRefused() throws IOException {
        for (String format : new String[] {"gif", "bmp"}) {
            Path f = write(rgb(40, 40), format, dir.resolve("cut." + format));
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length / 2));
            assertThatThrownBy(() -> ImageFiles.read(f)).as(format).isInstanceOf(UserError.class)
                    .hasMessageStartingWith(f + ": cannot decode image (");
        }
    }

    @Test
    void directoryOrDeviceWhereAnImageBelongsIsRefused() throws IOException {
        Path d = Files.createDirectories(dir.resolve("folder.png"));
        assertThatThrownBy(() -> ImageFiles.read(d)).isInstanceOf(UserError.class)
                .hasMessage(d + ": is a directory, expected a file");
        Path device = Path.of("/dev/zero");
        assertThatThrownBy(() -> ImageFiles.read(device)).isInstanceOf(UserError.class)
                .hasMessage(device + ": is not a regular file (a device or a pipe?), expected a file");
    }

    @Test
    void emptyAndUnreadableFilesSayWhatIsWrong() throws IOException {
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertThatThrownBy(() -> ImageFiles.read(empty)).isInstanceOf(UserError.class)
                .hasMessage(empty + ": empty file, expected an image");
        // root reads any file whatever its permissions; /proc/self/mem fails every read at offset 0 instead
        Path unreadable = Files.createSymbolicLink(dir.resolve("eio.png"), Path.of("/proc/self/mem"));
        assertThatThrownBy(() -> ImageFiles.read(unreadable)).isInstanceOf(UserError.class)
                .hasMessage(unreadable + ": cannot decode image (Input/output error)");
        Files.delete(unreadable); // JUnit warns when it deletes links that leave the temporary directory
    }
}
