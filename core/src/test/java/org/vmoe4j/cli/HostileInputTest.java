package org.vmoe4j.cli;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.vmoe4j.cli.HostileCommands.data;
import static org.vmoe4j.cli.HostileCommands.predict;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.data.Cifar100ReaderTest;
import org.vmoe4j.data.Cifar10ReaderTest;
import org.vmoe4j.data.Flowers102ReaderTest;
import org.vmoe4j.data.FolderReaderTest;
import org.vmoe4j.data.ImageFilesTest;
import org.vmoe4j.data.MnistReaderTest;

/**
 * Issue 16's fuzz suite, the fast part: malformed files of every format the readers take, each run
 * through the real CLI ({@code vmoe4j data --data KIND:DIR} or {@code vmoe4j predict ... --weights
 * FILE IMAGE}); every one must be refused with exit code 1 and one line "error: FILE: ..." naming
 * the file, without a stack trace, within {@link CliRun#MAX_SECONDS} and
 * {@link CliRun#MAX_HEAP_BYTES} (see {@link CliRun#assertRefused}). Bombs are small on disk: sparse
 * files and gzip of zeros. {@link HostileInputCampaignTest} (tag {@code slow}) adds seeded random
 * mutations.
 */
class HostileInputTest {
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

    /** Makes a case's files in its own directory; returns the command line and the file it must name. */
    interface Case {
        Refusal make(Path d) throws IOException;
    }

    record Refusal(Object file, String... args) {}

    static DynamicTest refused(String name, Case c) {
        return dynamicTest(name, () -> {
            Path d = Files.createDirectories(dir.resolve("case" + (++cases)));
            Refusal r = c.make(d);
            CliRun.of(r.args()).assertRefused(r.file().toString());
            try (Stream<Path> files = Files.walk(d)) { // links to /proc/self/mem: JUnit warns when it deletes them
                for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);
                }
            }
        });
    }

    /** A valid MNIST directory whose train-images file is replaced by {@code mutate} of its bytes. */
    static Case mnistImages(UnaryOperator<byte[]> mutate) {
        return d -> {
            MnistReaderTest.writeMnist(d, false);
            Path f = d.resolve("train-images-idx3-ubyte");
            Files.write(f, mutate.apply(Files.readAllBytes(f)));
            return new Refusal(f, data("mnist", d));
        };
    }

    @TestFactory
    Stream<DynamicTest> idxTruncatedAtEveryInterestingOffset() {
        return IntStream.of(0, 1, 3, 4, 7, 8, 12, 15, 16, 17, 16 + 60, 16 + 119)
                .mapToObj(n -> refused("cut at " + n, mnistImages(b -> HostileFiles.cut(b, n))));
    }

    /** The lowest and the highest bit of each header byte (the campaign flips all of them). */
    @TestFactory
    Stream<DynamicTest> idxHeaderBitsFlipped() {
        return IntStream.range(0, 16).flatMap(i -> IntStream.of(8 * i, 8 * i + 7))
                .mapToObj(bit -> refused("bit " + bit, mnistImages(b -> HostileFiles.flipBit(b, bit))));
    }

    @TestFactory
    Stream<DynamicTest> idxDeclaredDimensions() {
        List<int[]> dims = List.of(new int[] {0, 6, 4}, new int[] {5, 0, 4}, new int[] {5, 6, 0},
                new int[] {-5, 6, 4}, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE},
                new int[] {65536, 65536, 65536}, new int[] {1 << 24 | 1, 1, 1}, new int[] {1, 8193, 8193},
                new int[] {1 << 20, 64, 64});
        return dims.stream().map(d -> refused("dims " + Arrays.toString(d),
                mnistImages(b -> HostileFiles.idxHeader(d))));
    }

    @TestFactory
    Stream<DynamicTest> idxBombsAndOtherFiles() {
        return Stream.of(
                refused("gzip inflating to 64 MB", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Files.delete(d.resolve("train-images-idx3-ubyte"));
                    Path gz = HostileFiles.gzipOfZeros(d.resolve("train-images-idx3-ubyte.gz"),
                            HostileFiles.idxHeader(5, 6, 4), 64L << 20);
                    return new Refusal(gz, data("mnist", d));
                }),
                refused("gzip of 50 bytes announcing 1.5 GB", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Files.delete(d.resolve("train-images-idx3-ubyte"));
                    Path gz = HostileFiles.gzipOfZeros(d.resolve("train-images-idx3-ubyte.gz"),
                            HostileFiles.idxHeader(2_000_000, 28, 28), 0);
                    return new Refusal(gz, data("mnist", d));
                }),
                refused("sparse 3 GB file", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Path f = HostileFiles.sparse(d.resolve("train-images-idx3-ubyte"),
                            HostileFiles.idxHeader(60000, 28, 28), 3L << 30);
                    return new Refusal(f, data("mnist", d));
                }),
                refused("labels wrong magic", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Path f = Files.write(d.resolve("t10k-labels-idx1-ubyte"), HostileFiles.idxHeader(3, 1, 1));
                    return new Refusal(f, data("mnist", d));
                }),
                refused("unreadable: every read fails (root ignores permissions; /proc/self/mem gives EIO)", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Path f = d.resolve("t10k-images-idx3-ubyte");
                    Files.delete(f);
                    Files.createSymbolicLink(f, Path.of("/proc/self/mem"));
                    return new Refusal(f, data("mnist", d));
                }),
                refused("directory instead of the file", d -> {
                    MnistReaderTest.writeMnist(d, false);
                    Path f = d.resolve("train-labels-idx1-ubyte");
                    Files.delete(f);
                    Files.createDirectory(f);
                    return new Refusal(f, data("mnist", d));
                }));
    }

    @TestFactory
    Stream<DynamicTest> cifar() {
        return Stream.of(
                refused("batch one byte short", cifarBatch(b -> HostileFiles.cut(b, b.length - 1))),
                refused("empty batch", cifarBatch(b -> new byte[0])),
                refused("label 200", cifarBatch(b -> {
                    b[0] = (byte) 200;
                    return b;
                })),
                refused("sparse 3 GB batch", d -> {
                    Cifar10ReaderTest.writeCifar10(d);
                    return new Refusal(HostileFiles.sparse(d.resolve("data_batch_2.bin"), new byte[0], 3073L * 1_000_000),
                            data("cifar10", d));
                }),
                refused("cifar100: train.bin one byte long", d -> {
                    Cifar100ReaderTest.writeCifar100(d);
                    return new Refusal(Files.write(d.resolve("train.bin"), new byte[1]), data("cifar100", d));
                }),
                refused("1 GB names file", d -> {
                    Cifar10ReaderTest.writeCifar10(d);
                    return new Refusal(HostileFiles.sparse(d.resolve("batches.meta.txt"), new byte[0], 1L << 30),
                            data("cifar10", d));
                }));
    }

    static Case cifarBatch(UnaryOperator<byte[]> mutate) {
        return d -> {
            Cifar10ReaderTest.writeCifar10(d);
            Path f = d.resolve("data_batch_1.bin");
            Files.write(f, mutate.apply(Files.readAllBytes(f)));
            return new Refusal(f, data("cifar10", d));
        };
    }

    @TestFactory
    Stream<DynamicTest> svhnMatFile() throws IOException {
        byte[] plain = Files.readAllBytes(HostileCommands.copyResource("/mat/svhn-scipy-plain.mat",
                dir.resolve("svhn-plain.mat")));
        int lastDim = 128 + 8 + 16 + 8 + 12; // X's fourth dimension
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : new int[] {0, 100, 128, 140, 160, 176, 190, 4000, plain.length - 1}) {
            tests.add(refused("cut at " + n, svhn(HostileFiles.cut(plain, n))));
        }
        for (int value : new int[] {0, -1, 1_000_000, Integer.MAX_VALUE}) {
            tests.add(refused("X's last dimension " + value,
                    svhn(HostileFiles.putInt(plain, lastDim, value, ByteOrder.LITTLE_ENDIAN))));
        }
        tests.add(refused("X's data tag of 2 GB", svhn(HostileFiles.putInt(plain, lastDim + 4 + 8 + 4, // after "X"
                0x7FFFFFF0, ByteOrder.LITTLE_ENDIAN))));
        tests.add(refused("sparse 3 GB", d -> new Refusal(
                HostileFiles.sparse(d.resolve("train_32x32.mat"), plain, 3L << 30), data("svhn", d))));
        return tests.stream();
    }

    static Case svhn(byte[] train) {
        return d -> {
            Path f = Files.write(d.resolve("train_32x32.mat"), train);
            HostileCommands.copyResource("/mat/svhn-scipy-compressed.mat", d.resolve("test_32x32.mat"));
            return new Refusal(f, data("svhn", d));
        };
    }

    @TestFactory
    Stream<DynamicTest> images() {
        return Stream.of(
                refused("flowers: a JPEG cut in half", d -> {
                    Flowers102ReaderTest.writeFlowers(d);
                    Path f = ImageFilesTest.noiseJpeg(d.resolve("jpg/image_00002.jpg"));
                    byte[] b = Files.readAllBytes(f);
                    Files.write(f, HostileFiles.cut(b, b.length / 2));
                    return new Refusal(f, data("flowers102", d));
                }),
                refused("folder: 40000x40000 PNG", folderImage("x.png", HostileFiles.pngHeader(40000, 40000))),
                refused("folder: zero-width PNG", folderImage("x.png", HostileFiles.pngHeader(0, 5))),
                refused("folder: WBMP named .png", folderImage("x.png", new byte[] {0, 0, 16, 2, 0, 0, 0, 0})),
                refused("folder: empty PNG", folderImage("x.png", new byte[0])),
                refused("folder: unreadable PNG (reads fail with EIO)", d -> {
                    FolderReaderTest.writeTree(d);
                    Path f = Files.createSymbolicLink(d.resolve("train/dog/x.png"), Path.of("/proc/self/mem"));
                    return new Refusal(f, data("folder", d));
                }),
                refused("folder: directory named .png", d -> {
                    FolderReaderTest.writeTree(d);
                    return new Refusal(Files.createDirectories(d.resolve("train/dog/x.png")), data("folder", d));
                }),
                refused("predict: 40000x40000 PNG", d -> {
                    Path f = Files.write(d.resolve("huge.png"), HostileFiles.pngHeader(40000, 40000));
                    return new Refusal(f, predict(weights, f));
                }),
                refused("predict: JPEG cut in half", d -> {
                    Path f = ImageFilesTest.noiseJpeg(d.resolve("half.jpg"));
                    byte[] b = Files.readAllBytes(f);
                    Files.write(f, HostileFiles.cut(b, b.length / 2));
                    return new Refusal(f, predict(weights, f));
                }));
    }

    /** A valid folder tree plus {@code train/dog/NAME} holding {@code content} (dog has two images then). */
    static Case folderImage(String name, byte[] content) {
        return d -> {
            FolderReaderTest.writeTree(d);
            Files.delete(d.resolve("train/cat/b.JPG")); // at most 8 images are decoded: keep under it
            return new Refusal(Files.write(d.resolve("train/dog").resolve(name), content), data("folder", d));
        };
    }

    @TestFactory
    Stream<DynamicTest> safetensors() throws IOException {
        byte[] valid = Files.readAllBytes(weights);
        int header = (int) java.nio.ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : new int[] {0, 4, 8, 9, 8 + header / 2, 8 + header, valid.length - 1}) {
            tests.add(refused("cut at " + n, weightsFile(b -> HostileFiles.cut(valid, n))));
        }
        for (int bit : new int[] {7, 31, 63}) { // the header length: slightly, much and negatively too long
            tests.add(refused("header length bit " + bit, weightsFile(b -> HostileFiles.flipBit(valid, bit))));
        }
        tests.add(refused("every tensor on the same bytes", weightsFile(b -> SafeTensorsEdits.sameOffsets(valid))));
        tests.add(refused("a byte appended", weightsFile(b -> Arrays.copyOf(valid, valid.length + 1))));
        tests.add(refused("negative offset", weightsFile(b -> SafeTensorsEdits.replaceFirst(valid, "\"data_offsets\":[0,",
                "\"data_offsets\":[-8,"))));
        tests.add(refused("unsupported dtype", weightsFile(b -> SafeTensorsEdits.replaceFirst(valid, "\"F32\"",
                "\"F16\""))));
        tests.add(refused("duplicated tensor", weightsFile(b -> SafeTensorsEdits.duplicateFirst(valid))));
        tests.add(refused("shape overflowing", weightsFile(b -> SafeTensorsEdits.replaceFirst(valid, "\"shape\":[",
                "\"shape\":[9223372036854775807,2,"))));
        tests.add(refused("empty file", weightsFile(b -> new byte[0])));
        tests.add(refused("64 MB header in a sparse file", d -> {
            byte[] length = java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(64L << 20).array();
            Path f = HostileFiles.sparse(d.resolve("w.safetensors"), length, 8 + (64L << 20));
            return new Refusal(f, predict(f, image));
        }));
        tests.add(refused("a directory", d -> {
            Path f = Files.createDirectories(d.resolve("w.safetensors"));
            return new Refusal(f, predict(f, image));
        }));
        return tests.stream();
    }

    static Case weightsFile(UnaryOperator<byte[]> content) {
        return d -> {
            Path f = Files.write(d.resolve("w.safetensors"), content.apply(null));
            return new Refusal(f, predict(f, image));
        };
    }
}
