package org.vmoe4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vmoe4j.UserError;
import us.hebi.matlab.mat.format.Mat5File;

/**
 * Oxford Flowers102: {@code jpg/image_00001.jpg} .. {@code jpg/image_08189.jpg},
 * {@code imagelabels.mat} ({@code labels}: 1xN, 1..102, one per image) and {@code setid.mat}
 * ({@code trnid}, {@code valid}, {@code tstid}: 1-based image ids of the train / validation / test
 * splits). Uses the official validation split. JPEGs are decoded on demand. The release carries
 * no class names: classes are named by their official label number ("1".."102") unless the
 * directory holds a {@code class_names.txt} with 102 lines.
 */
public final class Flowers102Reader implements DatasetReader {
    static final int CLASSES = 102;

    @Override
    public Dataset read(Path dir) {
        DataFiles.requireDirectory(dir, "Flowers102");
        Path jpg = DataFiles.requireDirectory(dir.resolve("jpg"), "Flowers102 images (jpg/)");
        Path labelsFile = dir.resolve("imagelabels.mat");
        Path setidFile = dir.resolve("setid.mat");

        int[] labels;
        Mat5File mat = MatFiles.open(labelsFile, MatFiles.Expect.vector("labels"));
        try {
            labels = MatFiles.intVector(mat, labelsFile, "labels", 1, CLASSES);
        } finally {
            MatFiles.closeQuietly(mat);
        }
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            labels[i]--; // 1-based to 0-based
        }

        int[] trnid;
        int[] valid;
        int[] tstid;
        mat = MatFiles.open(setidFile, MatFiles.Expect.vector("trnid"), MatFiles.Expect.vector("valid"),
                MatFiles.Expect.vector("tstid"));
        try {
            trnid = MatFiles.intVector(mat, setidFile, "trnid", 1, n);
            valid = MatFiles.intVector(mat, setidFile, "valid", 1, n);
            tstid = MatFiles.intVector(mat, setidFile, "tstid", 1, n);
        } finally {
            MatFiles.closeQuietly(mat);
        }

        Path namesFile = dir.resolve("class_names.txt");
        List<String> names;
        if (Files.exists(namesFile)) {
            names = DataFiles.readNames(namesFile, CLASSES);
        } else {
            names = new ArrayList<>();
            for (int c = 1; c <= CLASSES; c++) {
                names.add(Integer.toString(c));
            }
        }
        return new Dataset("flowers102", names, split(jpg, trnid, labels), split(jpg, valid, labels),
                split(jpg, tstid, labels), Optional.empty());
    }

    private static ImageSource split(Path jpg, int[] ids, int[] labels) {
        String[] files = new String[ids.length];
        int[] splitLabels = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            files[k] = String.format("image_%05d.jpg", ids[k]);
            if (!Files.isRegularFile(jpg.resolve(files[k]))) {
                throw new UserError(jpg.resolve(files[k]) + ": image file not found (listed in setid.mat)");
            }
            splitLabels[k] = labels[ids[k] - 1];
        }
        return new LazyImageSource(jpg, files, splitLabels);
    }
}
