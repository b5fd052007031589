package org.vmoe4j.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vmoe4j.UserError;

/**
 * CIFAR-100, binary version ({@code cifar-100-binary.tar.gz}): {@code train.bin}, {@code test.bin},
 * {@code fine_label_names.txt} (100 names) and {@code coarse_label_names.txt} (20 names). Each
 * record is 1 coarse label byte, 1 fine label byte, then 3072 pixel bytes (CHW, converted to
 * HWC). Classes are the 100 fine labels; the 20 coarse labels become the dataset's
 * {@link SuperClasses} (fine class → coarse group, read from the records, which must agree).
 * The directory may be the extracted {@code cifar-100-binary} folder or the folder containing it.
 */
public final class Cifar100Reader implements DatasetReader {
    static final String NESTED = "cifar-100-binary";
    private static final String[] LABELS = {"coarse label", "fine label"};
    private static final int[] LIMITS = {20, 100};

    @Override
    public Dataset read(Path dir) {
        Path d = DataFiles.descendIfNested(DataFiles.requireDirectory(dir, "CIFAR-100"), NESTED, "train.bin");
        DataFiles.requireMarker(d, "train.bin",
                "train.bin, test.bin, fine_label_names.txt, coarse_label_names.txt"
                + " (the binary version, cifar-100-binary.tar.gz)");
        List<String> fine = DataFiles.readNames(d.resolve("fine_label_names.txt"), 100);
        List<String> coarse = DataFiles.readNames(d.resolve("coarse_label_names.txt"), 20);
        Path trainFile = DataFiles.requireFile(d.resolve("train.bin"));
        Path testFile = DataFiles.requireFile(d.resolve("test.bin"));
        CifarBinary.Records train = CifarBinary.read(List.of(trainFile), LABELS, LIMITS);
        CifarBinary.Records test = CifarBinary.read(List.of(testFile), LABELS, LIMITS);

        int[] fineToCoarse = new int[100];
        Arrays.fill(fineToCoarse, -1);
        collectGroups(train, trainFile, fineToCoarse, fine);
        collectGroups(test, testFile, fineToCoarse, fine);
        for (int c = 0; c < 100; c++) {
            if (fineToCoarse[c] < 0) {
                throw new UserError(trainFile + ": fine class " + c + " (" + fine.get(c) + ") appears in no record of "
                        + "train.bin or test.bin, so its coarse group is unknown");
            }
        }
        return new Dataset("cifar100", fine, source(train), ImageSources.empty(), source(test),
                Optional.of(new SuperClasses(coarse, fineToCoarse)));
    }

    private static void collectGroups(CifarBinary.Records r, Path file, int[] fineToCoarse, List<String> fine) {
        int[] coarse = r.labels()[0];
        int[] fineLabels = r.labels()[1];
        for (int i = 0; i < r.size(); i++) {
            int f = fineLabels[i];
            if (fineToCoarse[f] < 0) {
                fineToCoarse[f] = coarse[i];
            } else if (fineToCoarse[f] != coarse[i]) {
                throw new UserError(file + ": record " + i + " puts fine class " + f + " (" + fine.get(f)
                        + ") in coarse group " + coarse[i] + ", earlier records put it in group " + fineToCoarse[f]);
            }
        }
    }

    private static ImageSource source(CifarBinary.Records r) {
        return new InMemoryImageSource(CifarBinary.SIDE, CifarBinary.SIDE, 3, r.pixels(), r.labels()[1]);
    }
}
