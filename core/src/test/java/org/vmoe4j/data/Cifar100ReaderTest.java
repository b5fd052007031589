package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmoe4j.data.Cifar10ReaderTest.record;
import static org.vmoe4j.data.Cifar10ReaderTest.value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

public class Cifar100ReaderTest {
    @TempDir
    Path dir;

    /** The coarse group the fixtures put fine class f in (not CIFAR's real table). */
    public static int groupOf(int f) {
        return (f * 7) % 20;
    }

    /** train.bin: 100 records, fine class i; test.bin: 4 records, fine classes 99, 0, 50, 3. */
    public static void writeCifar100(Path d) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve("fine_label_names.txt"),
                IntStream.range(0, 100).mapToObj(i -> "fine" + i).collect(Collectors.joining("\n")) + "\n");
        Files.writeString(d.resolve("coarse_label_names.txt"),
                IntStream.range(0, 20).mapToObj(i -> "coarse" + i).collect(Collectors.joining("\n")) + "\n");
        ByteArrayOutputStream train = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            train.write(record(i, groupOf(i), i));
        }
        Files.write(d.resolve("train.bin"), train.toByteArray());
        ByteArrayOutputStream test = new ByteArrayOutputStream();
        int[] fine = {99, 0, 50, 3};
        for (int k = 0; k < fine.length; k++) {
            test.write(record(200 + k, groupOf(fine[k]), fine[k]));
        }
        Files.write(d.resolve("test.bin"), test.toByteArray());
    }

    @Test
    void readsFineLabelsPixelsAndSplitSizes() throws IOException {
        writeCifar100(dir);
        Dataset ds = new Cifar100Reader().read(dir);
        assertThat(ds.name()).isEqualTo("cifar100");
        assertThat(ds.classNames()).hasSize(100).startsWith("fine0").endsWith("fine99");
        assertThat(ds.train().size()).isEqualTo(100);
        assertThat(ds.test().size()).isEqualTo(4);
        assertThat(ds.train().label(42)).isEqualTo(42);
        assertThat(ds.test().label(0)).isEqualTo(99);
        assertThat(ds.test().label(2)).isEqualTo(50);
        Image img = ds.train().image(42);
        assertThat(img.at(3, 4, 0)).isEqualTo(value(42, 0, 3, 4));
        assertThat(img.at(3, 4, 1)).isEqualTo(value(42, 1, 3, 4));
        assertThat(img.at(31, 0, 2)).isEqualTo(value(42, 2, 31, 0));
        assertThat(ds.test().image(3).at(0, 31, 1)).isEqualTo(value(203, 1, 0, 31));
    }

    @Test
    void coarseLabelsBecomeTheSuperClassDivision() throws IOException {
        writeCifar100(dir);
        SuperClasses sc = new Cifar100Reader().read(dir).superClasses().orElseThrow();
        assertThat(sc.numGroups()).isEqualTo(20);
        assertThat(sc.groupNames()).startsWith("coarse0").endsWith("coarse19");
        assertThat(sc.numClasses()).isEqualTo(100);
        for (int f = 0; f < 100; f++) {
            assertThat(sc.groupOf(f)).as("group of fine class %d", f).isEqualTo(groupOf(f));
        }
        assertThat(sc.classesOf(groupOf(13))).contains(13);
    }

    @Test
    void acceptsTheFolderThatContainsTheExtractedTarball() throws IOException {
        writeCifar100(dir.resolve(Cifar100Reader.NESTED));
        assertThat(new Cifar100Reader().read(dir).test().size()).isEqualTo(4);
    }

    @Test
    void fineClassInTwoCoarseGroupsIsAUserError() throws IOException {
        writeCifar100(dir);
        Path f = dir.resolve("test.bin");
        byte[] b = Files.readAllBytes(f);
        b[0] = (byte) ((groupOf(99) + 1) % 20); // coarse label of the first test record
        Files.write(f, b);
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("test.bin").hasMessageContaining("fine class 99");
    }

    @Test
    void fineLabelOutOfRangeIsAUserError() throws IOException {
        writeCifar100(dir);
        Path f = dir.resolve("train.bin");
        byte[] b = Files.readAllBytes(f);
        b[3074 * 5 + 1] = 100; // fine label of record 5
        Files.write(f, b);
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("train.bin").hasMessageContaining("record 5").hasMessageContaining("fine label 100");
    }

    @Test
    void coarseLabelOutOfRangeIsAUserError() throws IOException {
        writeCifar100(dir);
        Path f = dir.resolve("train.bin");
        byte[] b = Files.readAllBytes(f);
        b[0] = 20;
        Files.write(f, b);
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("coarse label 20");
    }

    @Test
    void truncatedFileIsAUserError() throws IOException {
        writeCifar100(dir);
        Path f = dir.resolve("train.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 1));
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("train.bin").hasMessageContaining("3074-byte");
    }

    @Test
    void fineClassSeenNowhereIsAUserError() throws IOException {
        writeCifar100(dir);
        Path f = dir.resolve("train.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3074)); // drops fine class 99 from train; test has it
        assertThat(new Cifar100Reader().read(dir).train().size()).isEqualTo(99);
        Files.write(f, Arrays.copyOf(b, 3074 * 60)); // drops 60..99; test has only 99 and 50
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("fine class 60");
    }

    @Test
    void missingCoarseNamesIsAUserError() throws IOException {
        writeCifar100(dir);
        Files.delete(dir.resolve("coarse_label_names.txt"));
        assertThatThrownBy(() -> new Cifar100Reader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("coarse_label_names.txt");
    }
}
