package org.vmoe4j.data;

import java.nio.file.Path;
import java.util.List;
import org.vmoe4j.UserError;

/**
 * The CIFAR binary record format: each record is {@code labelBytes} label bytes followed by a
 * 32x32 RGB image as 1024 red, 1024 green, then 1024 blue bytes (CHW, rows top to bottom).
 * Reads a list of such files into one HWC pixel array.
 */
final class CifarBinary {
    static final int SIDE = 32;
    static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    /**
     * @param pixels all images, HWC, back to back
     * @param labels {@code labels[k][i]} = label byte k of record i
     */
    record Records(byte[] pixels, int[][] labels) {
        int size() {
            return labels[0].length;
        }
    }

    private CifarBinary() {
    }

    /**
     * Reads every record of {@code files}, in order.
     *
     * @param labelNames what each label byte is, for messages ("label", or "coarse label", "fine label")
     * @param labelLimits label byte k must be below {@code labelLimits[k]}
     */
    static Records read(List<Path> files, String[] labelNames, int[] labelLimits) {
        int labelBytes = labelNames.length;
        int recordBytes = labelBytes + IMAGE_BYTES;
        byte[][] contents = new byte[files.size()][];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] content = DataFiles.readAll(file);
            if (content.length == 0) {
                throw new UserError(file + ": empty file, expected " + recordBytes + "-byte CIFAR records");
            }
            if (content.length % recordBytes != 0) {
                throw new UserError(file + ": " + content.length + " bytes is not a whole number of "
                        + recordBytes + "-byte records (" + labelBytes + " label byte" + (labelBytes > 1 ? "s" : "")
                        + " + 3072 pixel bytes); truncated, or not a CIFAR-" + (labelBytes == 1 ? "10" : "100")
                        + " binary file?");
            }
            contents[f] = content;
            total += content.length / recordBytes;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 16) {
            throw new UserError(files.get(0).getParent() + ": " + total + " CIFAR images do not fit in memory");
        }
        int n = (int) total;
        byte[] pixels = new byte[n * IMAGE_BYTES]; // [n, 32, 32, 3]
        int[][] labels = new int[labelBytes][n];
        int i = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] content = contents[f];
            int records = content.length / recordBytes;
            for (int r = 0; r < records; r++, i++) {
                int base = r * recordBytes;
                for (int k = 0; k < labelBytes; k++) {
                    int label = content[base + k] & 0xFF;
                    if (label >= labelLimits[k]) {
                        throw new UserError(files.get(f) + ": record " + r + " has " + labelNames[k] + " " + label
                                + ", expected 0.." + (labelLimits[k] - 1));
                    }
                    labels[k][i] = label;
                }
                chwToHwc(content, base + labelBytes, pixels, i * IMAGE_BYTES);
            }
            contents[f] = null; // let the file's bytes go
        }
        return new Records(pixels, labels);
    }

    /** One 3x32x32 planar image at {@code src[from..]} to 32x32x3 interleaved at {@code dst[to..]}. */
    static void chwToHwc(byte[] src, int from, byte[] dst, int to) {
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            dst[to + 3 * p] = src[from + p];
            dst[to + 3 * p + 1] = src[from + plane + p];
            dst[to + 3 * p + 2] = src[from + 2 * plane + p];
        }
    }
}
