package org.vmoe4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-10, binary version ({@code cifar-10-binary.tar.gz}): {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} (training), {@code test_batch.bin}, and {@code batches.meta.txt}
 * (the 10 class names, one per line). Each record is 1 label byte + 3072 pixel bytes (CHW),
 * converted to HWC. The directory may be the extracted {@code cifar-10-batches-bin} folder or
 * the folder that contains it. No validation split of its own.
 */
public final class Cifar10Reader implements DatasetReader {
    static final String NESTED = "cifar-10-batches-bin";
    private static final String[] LABEL = {"label"};
    private static final int[] LIMIT = {10};

    @Override
    public Dataset read(Path dir) {
        Path d = DataFiles.descendIfNested(DataFiles.requireDirectory(dir, "CIFAR-10"), NESTED, "data_batch_1.bin");
        DataFiles.requireMarker(d, "data_batch_1.bin",
                "data_batch_1.bin .. data_batch_5.bin, test_batch.bin, batches.meta.txt"
                + " (the binary version, cifar-10-binary.tar.gz)");
        List<String> names = DataFiles.readNames(d.resolve("batches.meta.txt"), 10);
        List<Path> trainFiles = new ArrayList<>();
        for (int b = 1; b <= 5; b++) {
            trainFiles.add(DataFiles.requireFile(d.resolve("data_batch_" + b + ".bin")));
        }
        Path testFile = DataFiles.requireFile(d.resolve("test_batch.bin"));
        ImageSource train = source(CifarBinary.read(trainFiles, LABEL, LIMIT));
        ImageSource test = source(CifarBinary.read(List.of(testFile), LABEL, LIMIT));
        return new Dataset("cifar10", names, train, ImageSources.empty(), test, Optional.empty());
    }

    private static ImageSource source(CifarBinary.Records r) {
        return new InMemoryImageSource(CifarBinary.SIDE, CifarBinary.SIDE, 3, r.pixels(), r.labels()[0]);
    }
}
