package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.UserError;

public class MnistReaderTest {
    @TempDir
    Path dir;

    static int value(int i, int y, int x) {
        return (i * 31 + y * 9 + x) & 0xFF;
    }

    /** An IDX file of unsigned bytes: magic 0x0000080N, dims, data. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] images(int n, int rows, int cols) {
        byte[] px = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    px[(i * rows + y) * cols + x] = (byte) value(i, y, x);
                }
            }
        }
        return idx(new int[] {n, rows, cols}, px);
    }

    static byte[] labels(int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            b[i] = (byte) labels[i];
        }
        return idx(new int[] {labels.length}, b);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** 5 train images 6x4 (labels 0..4), 3 test images (labels 9, 8, 7); gzipped or plain. */
    public static void writeMnist(Path d, boolean gz) throws IOException {
        Files.createDirectories(d);
        String ext = gz ? ".gz" : "";
        Files.write(d.resolve("train-images-idx3-ubyte" + ext), maybeGzip(images(5, 6, 4), gz));
        Files.write(d.resolve("train-labels-idx1-ubyte" + ext), maybeGzip(labels(0, 1, 2, 3, 4), gz));
        Files.write(d.resolve("t10k-images-idx3-ubyte" + ext), maybeGzip(images(3, 6, 4), gz));
        Files.write(d.resolve("t10k-labels-idx1-ubyte" + ext), maybeGzip(labels(9, 8, 7), gz));
    }

    private static byte[] maybeGzip(byte[] b, boolean gz) throws IOException {
        return gz ? gzip(b) : b;
    }

    private void checkContent(Dataset ds) {
        assertThat(ds.train().size()).isEqualTo(5);
        assertThat(ds.test().size()).isEqualTo(3);
        assertThat(ds.val().size()).isZero();
        Image img = ds.train().image(3);
        assertThat(img.height()).isEqualTo(6);
        assertThat(img.width()).isEqualTo(4);
        assertThat(img.channels()).isEqualTo(1);
        assertThat(img.at(0, 0, 0)).isEqualTo(value(3, 0, 0));
        assertThat(img.at(5, 2, 0)).isEqualTo(value(3, 5, 2));
        assertThat(img.pixels()[1 * 4 + 3] & 0xFF).isEqualTo(value(3, 1, 3)); // row-major
        assertThat(ds.train().label(3)).isEqualTo(3);
        assertThat(ds.test().label(0)).isEqualTo(9);
        assertThat(ds.test().image(2).at(4, 1, 0)).isEqualTo(value(2, 4, 1));
    }

    @Test
    void readsPlainIdxFiles() throws IOException {
        writeMnist(dir, false);
        Dataset ds = MnistReader.mnist().read(dir);
        assertThat(ds.name()).isEqualTo("mnist");
        assertThat(ds.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        checkContent(ds);
    }

    @Test
    void readsGzippedIdxFilesWithFashionNames() throws IOException {
        writeMnist(dir, true);
        Dataset ds = MnistReader.fashionMnist().read(dir);
        assertThat(ds.name()).isEqualTo("fashion-mnist");
        assertThat(ds.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        checkContent(ds);
    }

    @Test
    void recognisesGzipByContentWhateverTheName() throws IOException {
        writeMnist(dir, false);
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, gzip(Files.readAllBytes(f)));
        checkContent(MnistReader.mnist().read(dir));
    }

    @Test
    void wrongMagicNumberNamesTheFile() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), labels(1, 2, 3)); // a label file in its place
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("t10k-images-idx3-ubyte").hasMessageContaining("wrong magic number 0x00000801")
                .hasMessageContaining("0x00000803");
    }

    @Test
    void truncatedPlainFileIsAUserError() throws IOException {
        writeMnist(dir, false);
        Path f = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 7));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("train-images-idx3-ubyte").hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipFileIsAUserError() throws IOException {
        writeMnist(dir, true);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("train-images-idx3-ubyte.gz").hasMessageContaining("truncated");
    }

    @Test
    void headerCutShortIsAUserError() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0});
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("t10k-labels-idx1-ubyte").hasMessageContaining("truncated");
    }

    @Test
    void labelOutOfRangeIsAUserError() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(0, 1, 10, 3, 4));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("train-labels-idx1-ubyte").hasMessageContaining("label 2 is 10");
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("2 labels").hasMessageContaining("3 images");
    }

    @Test
    void missingFileNamesBothAcceptedNames() throws IOException {
        writeMnist(dir, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(MnistReader.hasFiles(dir)).isFalse();
        assertThatThrownBy(() -> MnistReader.mnist().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void missingDirectoryIsAUserError() {
        assertThatThrownBy(() -> MnistReader.fashionMnist().read(dir.resolve("absent")))
                .isInstanceOf(UserError.class).hasMessageContaining("absent").hasMessageContaining("not found");
    }

    @Test
    void readsTheSampleShippedInTheJar() {
        Dataset ds = MnistReader.fashionMnist().readResource(MnistReader.SAMPLE_RESOURCE, "fashion-mnist-sample");
        assertThat(ds.name()).isEqualTo("fashion-mnist-sample");
        assertThat(ds.train().size()).isEqualTo(4000);
        assertThat(ds.test().size()).isEqualTo(1000);
        Image img = ds.train().image(0);
        assertThat(new int[] {img.height(), img.width(), img.channels()}).containsExactly(28, 28, 1);
        // the first Fashion-MNIST training image is an ankle boot, the first test image too
        assertThat(ds.train().label(0)).isEqualTo(9);
        assertThat(ds.test().label(0)).isEqualTo(9);
    }

    @Test
    void missingResourceIsAUserError() {
        assertThatThrownBy(() -> MnistReader.mnist().readResource("/datasets/nothing-here", "x"))
                .isInstanceOf(UserError.class).hasMessageContaining("/datasets/nothing-here/train-images-idx3-ubyte.gz");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefusedNotWrapped() throws IOException {
        writeMnist(dir, false);
        // 65536^3 = 2^48 bytes: the image alone is 2^32 pixels
        Files.write(dir.resolve("train-images-idx3-ubyte"), HostileFiles.idxHeader(65536, 65536, 65536));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageContaining("train-images-idx3-ubyte: 65536x65536 pixels = 4,294,967,296, above the limit of "
                        + "67,108,864 pixels per image");
        Files.write(dir.resolve("train-images-idx3-ubyte"), HostileFiles.idxHeader(-1, -1, -1));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageContaining("the header's dimensions -1x-1x-1: dimension 0 is -1");
    }

    @Test
    void zeroDimensionIsRefused() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), HostileFiles.idxHeader(3, 0, 4));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageContaining("t10k-images-idx3-ubyte: the header's dimensions 3x0x4: dimension 1 is 0 (expected");
    }

    @Test
    void sparseThreeGigabyteFileIsRefusedFromItsLengthWithoutReadingIt() throws IOException {
        writeMnist(dir, false);
        Path f = HostileFiles.sparse(dir.resolve("train-images-idx3-ubyte"), HostileFiles.idxHeader(5, 6, 4), 3L << 30);
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessage(f + ": 3221225456 data bytes after the header, more than the 5x6x4 bytes the header "
                        + "announces (120); not an IDX file of that shape?");
        HostileFiles.sparse(f, HostileFiles.idxHeader(3_800_000, 28, 28), 16 + 3_800_000L * 784);
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessage(f + ": the 3800000x28x28 bytes the header announces = 2,979,200,000, above the limit of "
                        + "2,147,483,639 bytes per array held in memory");
    }

    @Test
    void gzipInflatingBeyondTheHeaderStopsAtTheFirstByteTooMany() throws IOException {
        writeMnist(dir, false);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        // 5x6x4 = 120 pixels announced, then 64 MB of zeros in a gzip of about 64 KB
        Path gz = HostileFiles.gzipOfZeros(dir.resolve("train-images-idx3-ubyte.gz"), HostileFiles.idxHeader(5, 6, 4),
                64L << 20);
        assertThat(Files.size(gz)).isLessThan(1 << 17);
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessage(gz + ": more data than the 5x6x4 = 120 bytes the header announces; not an IDX file of that "
                        + "shape?");
    }

    @Test
    void gzipAnnouncingMoreThanItCanInflateToIsRefusedBeforeInflating() throws IOException {
        writeMnist(dir, false);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(gz, gzip(HostileFiles.idxHeader(2_000_000, 28, 28))); // 1.5 GB announced by a 50-byte file
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageStartingWith(gz + ": the 2000000x28x28 bytes the header announces need 1568000000 bytes, "
                        + "more than " + Files.size(gz) + " compressed bytes can inflate to")
                .hasMessageContaining("decompression bomb");
    }

    @Test
    void labelsOfAnAbsurdCountAreRefusedByTheImageLimit() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), HostileFiles.idxHeader(Integer.MAX_VALUE));
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageContaining("train-labels-idx1-ubyte: 2147483647 labels = 2,147,483,647, above the limit of "
                        + "16,777,216 images per split");
    }

    @Test
    void trailingBytesInAPlainFileAreAnError() throws IOException {
        writeMnist(dir, false);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5, 6});
        assertThatThrownBy(() -> MnistReader.mnist().read(dir)).isInstanceOf(UserError.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte: 2 data bytes after the header, more than the 1 bytes");
    }
}
