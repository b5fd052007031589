package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;

public class Flowers102ReaderTest {
    static final int[] LABELS = {1, 2, 3, 1, 102, 2, 50}; // labels of images 1..7, 1-based

    @TempDir
    Path dir;

    static Matrix row(double... values) {
        Matrix m = Mat5.newMatrix(1, values.length);
        for (int i = 0; i < values.length; i++) {
            m.setDouble(i, values[i]);
        }
        return m;
    }

    /** Image k (1-based) is a flat grey of value 30k, 8+k pixels wide and 6 high. */
    public static void writeFlowers(Path d) throws IOException {
        Files.createDirectories(d.resolve("jpg"));
        for (int k = 1; k <= LABELS.length; k++) {
            BufferedImage img = new BufferedImage(8 + k, 6, BufferedImage.TYPE_INT_RGB);
            int v = 30 * k;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 8 + k; x++) {
                    img.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            ImageFilesTest.write(img, "jpg", d.resolve("jpg").resolve(String.format("image_%05d.jpg", k)));
        }
        double[] labels = IntStream.of(LABELS).asDoubleStream().toArray();
        Mat5.writeToFile(Mat5.newMatFile().addArray("labels", row(labels)), d.resolve("imagelabels.mat").toFile());
        writeSetid(d, row(5, 1), row(2, 7), row(3, 4, 6));
    }

    static void writeSetid(Path d, Matrix trn, Matrix val, Matrix tst) throws IOException {
        Mat5.writeToFile(Mat5.newMatFile().addArray("trnid", trn).addArray("valid", val).addArray("tstid", tst),
                d.resolve("setid.mat").toFile());
    }

    @Test
    void readsTheOfficialSplitsWithZeroBasedLabels() throws IOException {
        writeFlowers(dir);
        Dataset ds = new Flowers102Reader().read(dir);
        assertThat(ds.name()).isEqualTo("flowers102");
        assertThat(ds.classNames()).hasSize(102).startsWith("1", "2").endsWith("102");
        assertThat(ds.train().size()).isEqualTo(2);
        assertThat(ds.val().size()).isEqualTo(2);
        assertThat(ds.test().size()).isEqualTo(3);
        assertThat(ds.train().label(0)).isEqualTo(101); // image 5, label 102
        assertThat(ds.train().label(1)).isZero();       // image 1, label 1
        assertThat(ds.val().label(1)).isEqualTo(49);    // image 7, label 50
        assertThat(ds.test().label(2)).isEqualTo(1);    // image 6, label 2
    }

    @Test
    void decodesTheRightFileOnDemand() throws IOException {
        writeFlowers(dir);
        Dataset ds = new Flowers102Reader().read(dir);
        Image img = ds.test().image(1); // image 4: 12 wide, grey 120
        assertThat(new int[] {img.height(), img.width(), img.channels()}).containsExactly(6, 12, 3);
        assertThat(img.at(3, 5, 0)).isCloseTo(120, Offset.offset(2));
        assertThat(ImageSources.fixedShape(ds.test())).isEmpty();
    }

    @Test
    void unreadableJpegSurfacesWhenTheImageIsRead() throws IOException {
        writeFlowers(dir);
        Files.writeString(dir.resolve("jpg/image_00003.jpg"), "garbage");
        Dataset ds = new Flowers102Reader().read(dir); // opening still works: decoding is lazy
        assertThat(ds.test().image(1).width()).isEqualTo(12);
        assertThatThrownBy(() -> ds.test().image(0))
                .isInstanceOf(UserError.class).hasMessageContaining("image_00003.jpg");
    }

    @Test
    void classNamesFileIsUsedWhenPresent() throws IOException {
        writeFlowers(dir);
        Files.writeString(dir.resolve("class_names.txt"),
                IntStream.rangeClosed(1, 102).mapToObj(i -> "flower " + i).collect(Collectors.joining("\n")));
        assertThat(new Flowers102Reader().read(dir).classNames()).startsWith("flower 1").endsWith("flower 102");
    }

    @Test
    void missingImageListedInSetidIsAUserError() throws IOException {
        writeFlowers(dir);
        Files.delete(dir.resolve("jpg/image_00006.jpg"));
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("image_00006.jpg").hasMessageContaining("not found");
    }

    @Test
    void missingJpgFolderIsAUserError() throws IOException {
        writeFlowers(dir);
        for (int k = 1; k <= LABELS.length; k++) {
            Files.delete(dir.resolve("jpg").resolve(String.format("image_%05d.jpg", k)));
        }
        Files.delete(dir.resolve("jpg"));
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("jpg").hasMessageContaining("not found");
    }

    @Test
    void labelOutOfRangeIsAUserError() throws IOException {
        writeFlowers(dir);
        Mat5.writeToFile(Mat5.newMatFile().addArray("labels", row(1, 2, 103, 1, 1, 1, 1)),
                dir.resolve("imagelabels.mat").toFile());
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("imagelabels.mat").hasMessageContaining("labels(3) is 103");
    }

    @Test
    void imageIdBeyondTheLabelsIsAUserError() throws IOException {
        writeFlowers(dir);
        writeSetid(dir, row(1, 8), row(2), row(3));
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("setid.mat").hasMessageContaining("trnid(2) is 8");
    }

    @Test
    void missingSetidVariableIsAUserError() throws IOException {
        writeFlowers(dir);
        Mat5.writeToFile(Mat5.newMatFile().addArray("trnid", row(1)), dir.resolve("setid.mat").toFile());
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("setid.mat").hasMessageContaining("'valid'");
    }

    @Test
    void missingLabelsFileIsAUserError() throws IOException {
        writeFlowers(dir);
        Files.delete(dir.resolve("imagelabels.mat"));
        assertThatThrownBy(() -> new Flowers102Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("imagelabels.mat").hasMessageContaining("not found");
    }
}
