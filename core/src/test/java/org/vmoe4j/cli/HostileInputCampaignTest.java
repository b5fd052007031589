package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.vmoe4j.cli.HostileCommands.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.data.Cifar10ReaderTest;
import org.vmoe4j.data.Flowers102ReaderTest;
import org.vmoe4j.data.FolderReaderTest;
import org.vmoe4j.data.ImageFilesTest;
import org.vmoe4j.data.MnistReaderTest;

/**
 * Issue 16's fuzz campaign: seeded random mutations of a valid file of every format (bit flips,
 * truncation, extreme 32-bit values written over the header, inserted and deleted bytes, garbage
 * appended), plus every header bit of an IDX file and every truncation of one. Each run of the CLI
 * must either succeed (a mutation may leave the file valid) or refuse the file in one line, and
 * stay cheap ({@link CliRun#assertCheap}). Tagged {@code slow}: {@code mvn -B verify -Dgroups=slow}
 * runs it (a few minutes); the default build leaves it out. A failing case is named by its seed.
 */
@Tag("slow")
class HostileInputCampaignTest {
    static final int MUTATIONS = 150;
    static final int[] EXTREMES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFFFFF0, 1 << 24, 65536};

    @TempDir
    static Path dir;
    static Path weights;
    static Path image;
    private static int cases;

    @BeforeAll
    static void validWeightsAndImage() throws IOException {
        weights = HostileCommands.validWeights(dir.resolve("weights.safetensors"));
        image = HostileCommands.validImage(dir.resolve("ok.png"));
    }

    /** Writes a valid dataset (or nothing) into d, the file to mutate, and the command line. */
    interface Target {
        Setup make(Path d) throws IOException;
    }

    record Setup(Path file, String... args) {}

    /** Per format: runs that succeeded [0] and runs that refused the file [1]. */
    private static final Map<String, int[]> OUTCOMES = new ConcurrentSkipListMap<>();

    /**
     * At least a third of each format's mutations must break it, or the campaign would test little
     * (BMP and GIF, without checksums, accept most flips of pixel bytes: 42% and 48% refused).
     */
    @AfterAll
    static void mutationsBite() {
        OUTCOMES.forEach((format, n) -> System.out.println(format + ": " + n[1] + " refused, " + n[0] + " accepted"));
        OUTCOMES.forEach((format, n) -> assertThat(3 * n[1]).as(format + " refused x 3").isGreaterThanOrEqualTo(n[0] + n[1]));
    }

    /**
     * Runs {@code mutate} of {@code target}'s file; exit 0 with a quiet stderr, or one line naming
     * {@code d}; counted under {@code format}.
     */
    static DynamicTest mutated(String format, String name, Target target, Function<byte[], byte[]> mutate) {
        return dynamicTest(name, () -> {
            Path d = Files.createDirectories(dir.resolve("c" + (++cases)));
            Setup s = target.make(d);
            Files.write(s.file(), mutate.apply(Files.readAllBytes(s.file())));
            CliRun run = CliRun.of(s.args());
            OUTCOMES.computeIfAbsent(format, k -> new int[2])[run.exit() == 0 ? 0 : 1]++;
            if (run.exit() == 0) {
                assertThat(run.err()).as(name).isEmpty();
                run.assertCheap();
            } else {
                run.assertRefused(d.toString());
            }
        });
    }

    /** A random mutation, described for the test's name. */
    record Mutation(String name, Function<byte[], byte[]> apply) {}

    static Mutation random(Random r) {
        int kind = r.nextInt(7);
        int a = r.nextInt(1 << 20);
        int b = r.nextInt(1 << 20);
        int value = r.nextBoolean() ? EXTREMES[r.nextInt(EXTREMES.length)] : r.nextInt();
        ByteOrder order = r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return switch (kind) {
            case 0 -> new Mutation("flip header bit " + a % 512, x -> HostileFiles.flipBit(x, a % Math.min(512, 8 * x.length)));
            case 1 -> new Mutation("flip bit " + a, x -> HostileFiles.flipBit(x, a % (8 * x.length)));
            case 2 -> new Mutation("cut at " + a, x -> HostileFiles.cut(x, a % x.length));
            case 3 -> new Mutation("int " + value + " at " + 4 * (a % 64) + " " + order, x -> x.length < 4 * (a % 64) + 4
                    ? x : HostileFiles.putInt(x, 4 * (a % 64), value, order));
            case 4 -> new Mutation("insert " + (b % 16 + 1) + " at " + a, x -> splice(x, a % x.length, 0, b % 16 + 1, r));
            case 5 -> new Mutation("delete " + (b % 64 + 1) + " at " + a, x -> splice(x, a % x.length, b % 64 + 1, 0, r));
            default -> new Mutation("append " + (b % 4096), x -> Arrays.copyOf(x, x.length + b % 4096));
        };
    }

    private static byte[] splice(byte[] x, int at, int remove, int insert, Random r) {
        int removed = Math.min(remove, x.length - at);
        byte[] out = new byte[x.length - removed + insert];
        System.arraycopy(x, 0, out, 0, at);
        byte[] noise = new byte[insert];
        new Random(at ^ insert).nextBytes(noise);
        System.arraycopy(noise, 0, out, at, insert);
        System.arraycopy(x, at + removed, out, at + insert, x.length - at - removed);
        return out;
    }

    static Stream<DynamicTest> campaign(String format, long seed, Target target) {
        Random r = new Random(seed);
        return IntStream.range(0, MUTATIONS).mapToObj(i -> {
            Mutation m = random(r);
            return mutated(format, format + " #" + i + " (seed " + seed + "): " + m.name(), target, m.apply());
        });
    }

    @TestFactory
    Stream<DynamicTest> idxEveryHeaderBitAndEveryTruncation() {
        Target images = d -> {
            MnistReaderTest.writeMnist(d, false);
            return new Setup(d.resolve("train-images-idx3-ubyte"), data("mnist", d));
        };
        return Stream.concat(
                IntStream.range(0, 16 * 8).mapToObj(bit -> mutated("idx header bits", "bit " + bit, images,
                        x -> HostileFiles.flipBit(x, bit))),
                IntStream.range(0, 16 + 120).mapToObj(n -> mutated("idx truncations", "cut at " + n, images,
                        x -> HostileFiles.cut(x, n))));
    }

    @TestFactory
    Stream<DynamicTest> formats() {
        return Stream.of(
                campaign("idx", 1601, d -> {
                    MnistReaderTest.writeMnist(d, false);
                    return new Setup(d.resolve("train-images-idx3-ubyte"), data("mnist", d));
                }),
                campaign("idx.gz", 1602, d -> {
                    MnistReaderTest.writeMnist(d, true);
                    return new Setup(d.resolve("t10k-labels-idx1-ubyte.gz"), data("mnist", d));
                }),
                campaign("cifar10", 1603, d -> {
                    Cifar10ReaderTest.writeCifar10(d);
                    return new Setup(d.resolve("data_batch_4.bin"), data("cifar10", d));
                }),
                campaign("svhn plain", 1604, d -> svhn(d, "plain")),
                campaign("svhn compressed", 1605, d -> svhn(d, "compressed")),
                campaign("flowers setid.mat", 1606, d -> {
                    Flowers102ReaderTest.writeFlowers(d);
                    return new Setup(d.resolve("setid.mat"), data("flowers102", d));
                }),
                campaign("png", 1607, d -> folderImage(d, "png")),
                campaign("jpeg", 1608, d -> folderImage(d, "jpg")),
                campaign("gif", 1609, d -> folderImage(d, "gif")),
                campaign("bmp", 1610, d -> folderImage(d, "bmp")),
                campaign("safetensors", 1611, d -> {
                    Path f = Files.copy(weights, d.resolve("w.safetensors"));
                    return new Setup(f, HostileCommands.predict(f, image));
                })).flatMap(s -> s);
    }

    static Setup svhn(Path d, String kind) throws IOException {
        for (String split : new String[] {"train_32x32.mat", "test_32x32.mat"}) {
            HostileCommands.copyResource("/mat/svhn-scipy-" + kind + ".mat", d.resolve(split));
        }
        return new Setup(d.resolve("train_32x32.mat"), data("svhn", d));
    }

    static Setup folderImage(Path d, String format) throws IOException {
        FolderReaderTest.writeTree(d);
        Files.delete(d.resolve("train/cat/b.JPG")); // at most 8 images are decoded: keep under it
        // the folder reader lists .jpg, .jpeg and .png; the decoder goes by content
        String name = format.equals("jpg") ? "x.jpg" : "x.png";
        Path f = ImageFilesTest.write(ImageFilesTest.rgb(24, 16), format, d.resolve("train/dog/" + name));
        return new Setup(f, data("folder", d));
    }
}
