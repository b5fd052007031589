package org.vmoe4j.data;

import java.nio.file.Path;
import java.util.Optional;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * SVHN, cropped digits (format 2): {@code train_32x32.mat} and {@code test_32x32.mat}, MATLAB
 * level-5 files holding {@code X}, a 32x32x3xN uint8 array (row, column, channel, image), and
 * {@code y}, Nx1 labels 1..10 where 10 means the digit 0 (mapped to class 0 here).
 * No validation split of its own ({@code extra_32x32.mat} is not read).
 */
public final class SvhnReader implements DatasetReader {
    static final int SIDE = 32;

    @Override
    public Dataset read(Path dir) {
        DataFiles.requireDirectory(dir, "SVHN");
        ImageSource train = split(dir.resolve("train_32x32.mat"));
        ImageSource test = split(dir.resolve("test_32x32.mat"));
        return new Dataset("svhn", MnistReader.DIGITS, train, ImageSources.empty(), test, Optional.empty());
    }

    static ImageSource split(Path file) {
        Mat5File mat = MatFiles.open(file, MatFiles.Expect.array("X", "uint8", SIDE, SIDE, 3, -1),
                MatFiles.Expect.vector("y"));
        try {
            Matrix x = MatFiles.matrix(mat, file, "X");
            int n = x.getDimensions()[3];
            int[] y = MatFiles.intVector(mat, file, "y", 1, 10);
            if (y.length != n) {
                throw new UserError(file + ": y has " + y.length + " labels, X has " + n + " images");
            }
            int imageBytes = SIDE * SIDE * 3;
            byte[] pixels = DeclaredSize.allocate(file, n + " images", (long) n * imageBytes); // [n, 32, 32, 3]
            // X is column-major: X(r, c, ch, i) sits at r + 32 c + 1024 ch + 3072 i; read it in that order
            int src = 0;
            for (int i = 0; i < n; i++) {
                int base = i * imageBytes;
                for (int ch = 0; ch < 3; ch++) {
                    for (int c = 0; c < SIDE; c++) {
                        for (int r = 0; r < SIDE; r++) {
                            pixels[base + (r * SIDE + c) * 3 + ch] = x.getByte(src++);
                        }
                    }
                }
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = y[i] == 10 ? 0 : y[i];
            }
            return new InMemoryImageSource(SIDE, SIDE, 3, pixels, labels);
        } finally {
            MatFiles.closeQuietly(mat);
        }
    }

}
