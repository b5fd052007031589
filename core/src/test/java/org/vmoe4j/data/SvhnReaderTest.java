package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

public class SvhnReaderTest {
    @TempDir
    Path dir;

    static int value(int i, int r, int c, int ch) {
        return (i * 53 + r * 7 + c * 3 + ch * 90) & 0xFF;
    }

    /** X: 32x32x3xN uint8 with {@link #value}; y: Nx1 double. */
    static void writeSvhn(Path file, int... y) throws IOException {
        int n = y.length;
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, n}, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 32; r++) {
                for (int c = 0; c < 32; c++) {
                    for (int ch = 0; ch < 3; ch++) {
                        x.setByte(new int[] {r, c, ch, i}, (byte) value(i, r, c, ch));
                    }
                }
            }
        }
        Matrix labels = Mat5.newMatrix(n, 1);
        for (int i = 0; i < n; i++) {
            labels.setDouble(i, y[i]);
        }
        MatFile mat = Mat5.newMatFile().addArray("X", x).addArray("y", labels);
        Mat5.writeToFile(mat, file.toFile());
    }

    public static void writeBoth(Path d) throws IOException {
        writeSvhn(d.resolve("train_32x32.mat"), 10, 1, 5, 9);
        writeSvhn(d.resolve("test_32x32.mat"), 3, 10);
    }

    @Test
    void readsPixelsInHwcOrderAndMapsLabelTenToDigitZero() throws IOException {
        writeBoth(dir);
        Dataset ds = new SvhnReader().read(dir);
        assertThat(ds.name()).isEqualTo("svhn");
        assertThat(ds.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(ds.train().size()).isEqualTo(4);
        assertThat(ds.test().size()).isEqualTo(2);
        assertThat(new int[] {ds.train().label(0), ds.train().label(1), ds.train().label(2), ds.train().label(3)})
                .containsExactly(0, 1, 5, 9);
        assertThat(ds.test().label(1)).isZero();
        Image img = ds.train().image(2);
        assertThat(new int[] {img.height(), img.width(), img.channels()}).containsExactly(32, 32, 3);
        assertThat(img.at(0, 0, 0)).isEqualTo(value(2, 0, 0, 0));
        assertThat(img.at(4, 17, 1)).isEqualTo(value(2, 4, 17, 1)); // row 4, column 17: not transposed
        assertThat(img.at(17, 4, 2)).isEqualTo(value(2, 17, 4, 2));
        int at = (4 * 32 + 17) * 3;
        assertThat(img.pixels()[at + 2] & 0xFF).isEqualTo(value(2, 4, 17, 2));
        assertThat(ds.test().image(1).at(31, 31, 2)).isEqualTo(value(1, 31, 31, 2));
    }

    @Test
    void missingFileIsAUserError() throws IOException {
        writeSvhn(dir.resolve("train_32x32.mat"), 1);
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("test_32x32.mat").hasMessageContaining("not found");
    }

    @Test
    void fileThatIsNoMatFileIsAUserError() throws IOException {
        writeBoth(dir);
        Files.writeString(dir.resolve("test_32x32.mat"), "<html>404 not found</html>".repeat(20));
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("test_32x32.mat").hasMessageContaining("MAT file");
    }

    @Test
    void truncatedMatFileIsAUserError() throws IOException {
        writeBoth(dir);
        Path f = dir.resolve("train_32x32.mat");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 50));
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("train_32x32.mat");
    }

    @Test
    void labelOutOfRangeIsAUserError() throws IOException {
        writeBoth(dir);
        writeSvhn(dir.resolve("test_32x32.mat"), 3, 11);
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("test_32x32.mat").hasMessageContaining("y(2) is 11");
    }

    @Test
    void labelZeroIsOutOfRangeToo() throws IOException {
        writeBoth(dir);
        writeSvhn(dir.resolve("test_32x32.mat"), 0, 1);
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("y(1) is 0.0");
    }

    @Test
    void wrongShapeOfXIsAUserError() throws IOException {
        writeBoth(dir);
        Matrix x = Mat5.newMatrix(new int[] {28, 28, 1, 2}, MatlabType.UInt8);
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", x).addArray("y", Mat5.newMatrix(2, 1)), dir.resolve("test_32x32.mat").toFile());
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("X is 28x28x1x2");
    }

    @Test
    void missingVariableListsThoseThere() throws IOException {
        writeBoth(dir);
        Mat5.writeToFile(Mat5.newMatFile().addArray("images", Mat5.newMatrix(2, 1)), dir.resolve("test_32x32.mat").toFile());
        assertThatThrownBy(() -> new SvhnReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("no variable 'X'").hasMessageContaining("images");
    }

    /** scipy's savemat wrote these (tools/make_mat_reference.py): small name elements, both storage forms. */
    @Test
    void readsMatFilesWrittenByScipyCompressedOrNot() throws IOException {
        for (String kind : new String[] {"compressed", "plain"}) {
            Path d = Files.createDirectories(dir.resolve(kind));
            for (String split : new String[] {"train_32x32.mat", "test_32x32.mat"}) {
                try (var in = SvhnReaderTest.class.getResourceAsStream("/mat/svhn-scipy-" + kind + ".mat")) {
                    Files.copy(in, d.resolve(split));
                }
            }
            Dataset ds = new SvhnReader().read(d);
            assertThat(ds.train().size()).as(kind).isEqualTo(3);
            assertThat(new int[] {ds.test().label(0), ds.test().label(1), ds.test().label(2)}).containsExactly(0, 1, 7);
            Image img = ds.train().image(2);
            assertThat(img.at(4, 17, 1)).as(kind).isEqualTo((53 * 2 + 7 * 4 + 3 * 17 + 90) % 256);
            assertThat(img.at(31, 0, 2)).as(kind).isEqualTo((53 * 2 + 7 * 31 + 180) % 256);
        }
    }
}
