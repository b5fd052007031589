package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.UserError;

public class Cifar10ReaderTest {
    static final String NAMES = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

    @TempDir
    Path dir;

    /** Pixel value of record {@code r} at channel ch, row y, column x in the fixtures. */
    static int value(int r, int ch, int y, int x) {
        return (r * 37 + ch * 80 + y * 5 + x * 3) & 0xFF;
    }

    /** One CIFAR record: the label bytes then the 3x32x32 planes (CHW). */
    static byte[] record(int r, int... labelBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int l : labelBytes) {
            out.write(l);
        }
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    out.write(value(r, ch, y, x));
                }
            }
        }
        return out.toByteArray();
    }

    /** Writes a CIFAR-10 tree: 5 training batches of 2 records (labels 0..9), 3 test records. */
    public static void writeCifar10(Path d) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve("batches.meta.txt"), NAMES, StandardCharsets.US_ASCII);
        int r = 0;
        for (int b = 1; b <= 5; b++) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int k = 0; k < 2; k++, r++) {
                batch.write(record(r, r % 10));
            }
            Files.write(d.resolve("data_batch_" + b + ".bin"), batch.toByteArray());
        }
        ByteArrayOutputStream test = new ByteArrayOutputStream();
        for (int k = 0; k < 3; k++) {
            test.write(record(100 + k, 9 - k));
        }
        Files.write(d.resolve("test_batch.bin"), test.toByteArray());
    }

    @Test
    void readsLabelsNamesAndSplitSizes() throws IOException {
        writeCifar10(dir);
        Dataset ds = new Cifar10Reader().read(dir);
        assertThat(ds.name()).isEqualTo("cifar10");
        assertThat(ds.classNames()).hasSize(10).startsWith("airplane", "automobile").endsWith("truck");
        assertThat(ds.train().size()).isEqualTo(10);
        assertThat(ds.test().size()).isEqualTo(3);
        assertThat(ds.val().size()).isZero();
        assertThat(ds.superClasses()).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(ds.train().label(i)).isEqualTo(i % 10);
        }
        assertThat(new int[] {ds.test().label(0), ds.test().label(1), ds.test().label(2)}).containsExactly(9, 8, 7);
    }

    @Test
    void convertsPlanarChwToInterleavedHwc() throws IOException {
        writeCifar10(dir);
        Dataset ds = new Cifar10Reader().read(dir);
        Image img = ds.train().image(7); // record 7: second record of data_batch_4.bin
        assertThat(img.height()).isEqualTo(32);
        assertThat(img.width()).isEqualTo(32);
        assertThat(img.channels()).isEqualTo(3);
        assertThat(img.at(0, 0, 0)).isEqualTo(value(7, 0, 0, 0));
        assertThat(img.at(5, 9, 1)).isEqualTo(value(7, 1, 5, 9));
        assertThat(img.at(31, 30, 2)).isEqualTo(value(7, 2, 31, 30));
        // HWC in the raw array: row 2, column 3 starts at (2*32+3)*3 with red, green, blue
        int at = (2 * 32 + 3) * 3;
        assertThat(img.pixels()[at] & 0xFF).isEqualTo(value(7, 0, 2, 3));
        assertThat(img.pixels()[at + 1] & 0xFF).isEqualTo(value(7, 1, 2, 3));
        assertThat(img.pixels()[at + 2] & 0xFF).isEqualTo(value(7, 2, 2, 3));
        assertThat(ds.test().image(2).at(10, 20, 2)).isEqualTo(value(102, 2, 10, 20));
    }

    @Test
    void acceptsTheFolderThatContainsTheExtractedTarball() throws IOException {
        writeCifar10(dir.resolve(Cifar10Reader.NESTED));
        assertThat(new Cifar10Reader().read(dir).train().size()).isEqualTo(10);
    }

    @Test
    void imageIsACopySoCallersCannotCorruptTheSplit() throws IOException {
        writeCifar10(dir);
        Dataset ds = new Cifar10Reader().read(dir);
        Arrays.fill(ds.train().image(0).pixels(), (byte) 0);
        assertThat(ds.train().image(0).at(5, 9, 1)).isEqualTo(value(0, 1, 5, 9));
    }

    @Test
    void missingDirectoryIsAUserError() {
        assertThatThrownBy(() -> new Cifar10Reader().read(dir.resolve("nope")))
                .isInstanceOf(UserError.class).hasMessageContaining("nope").hasMessageContaining("not found");
    }

    @Test
    void missingBatchNamesTheFile() throws IOException {
        writeCifar10(dir);
        Files.delete(dir.resolve("data_batch_3.bin"));
        assertThatThrownBy(() -> new Cifar10Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("data_batch_3.bin").hasMessageContaining("not found");
    }

    @Test
    void truncatedBatchNamesTheFileAndTheRecordSize() throws IOException {
        writeCifar10(dir);
        Path f = dir.resolve("test_batch.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> new Cifar10Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("test_batch.bin").hasMessageContaining("3073-byte");
    }

    @Test
    void labelOutOfRangeNamesFileAndRecord() throws IOException {
        writeCifar10(dir);
        Path f = dir.resolve("data_batch_2.bin");
        byte[] b = Files.readAllBytes(f);
        b[3073] = 10; // label of the second record
        Files.write(f, b);
        assertThatThrownBy(() -> new Cifar10Reader().read(dir))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("data_batch_2.bin").hasMessageContaining("record 1").hasMessageContaining("label 10");
    }

    @Test
    void wrongNumberOfClassNamesIsAUserError() throws IOException {
        writeCifar10(dir);
        Files.writeString(dir.resolve("batches.meta.txt"), "cat\ndog\n");
        assertThatThrownBy(() -> new Cifar10Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("batches.meta.txt").hasMessageContaining("found 2");
    }

    @Test
    void missingClassNamesFileIsAUserError() throws IOException {
        writeCifar10(dir);
        Files.delete(dir.resolve("batches.meta.txt"));
        assertThatThrownBy(() -> new Cifar10Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("batches.meta.txt");
    }

    @Test
    void sparseBatchOfThreeGigabytesIsRefusedFromItsLengthBeforeAnythingIsRead() throws IOException {
        writeCifar10(dir);
        Path f = HostileFiles.sparse(dir.resolve("data_batch_3.bin"), new byte[0], 3073L * 1_000_000);
        assertThatThrownBy(() -> new Cifar10Reader().read(dir)).isInstanceOf(UserError.class)
                .hasMessage(f + ": the pixel bytes up to this file = 3,072,012,288, above the limit of "
                        + "2,147,483,639 bytes per array held in memory");
    }

    @Test
    void classNamesFileOfAGigabyteIsRefusedWithoutReadingIt() throws IOException {
        writeCifar10(dir);
        Path f = HostileFiles.sparse(dir.resolve("batches.meta.txt"), NAMES.getBytes(StandardCharsets.US_ASCII), 1L << 30);
        assertThatThrownBy(() -> new Cifar10Reader().read(dir)).isInstanceOf(UserError.class)
                .hasMessage(f + ": its length = 1,073,741,824, above the limit of 16,777,216 bytes of a class-name file");
    }

    @Test
    void readsBatchesLargerThanOneChunkOfRecords() throws IOException {
        writeCifar10(dir);
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        for (int r = 0; r < 2500; r++) { // 2.4 chunks of 1024 records
            big.write(record(r, r % 10));
        }
        Files.write(dir.resolve("data_batch_2.bin"), big.toByteArray());
        Dataset ds = new Cifar10Reader().read(dir);
        assertThat(ds.train().size()).isEqualTo(2 + 2500 + 3 * 2);
        Image img = ds.train().image(2 + 2047); // record 2047 of batch 2, in the second chunk
        assertThat(img.at(5, 7, 1)).isEqualTo(value(2047, 1, 5, 7));
        assertThat(ds.train().label(2 + 2047)).isEqualTo(2047 % 10);
        assertThat(ds.train().image(2 + 2499).at(31, 31, 2)).isEqualTo(value(2499, 2, 31, 31));
    }
}
