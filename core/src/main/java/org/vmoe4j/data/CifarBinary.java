package org.vmoe4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import org.vmoe4j.io.Limit;

/**
 * The CIFAR binary record format: each record is {@code labelBytes} label bytes followed by a
 * 32x32 RGB image as 1024 red, 1024 green, then 1024 blue bytes (CHW, rows top to bottom).
 * Reads a list of such files into one HWC pixel array.
 */
final class CifarBinary {
    static final int SIDE = 32;
    static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    /** Records read from the file at a time (3 MB). */
    private static final int CHUNK_RECORDS = 1024;

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
     * Reads every record of {@code files}, in order. The file lengths are checked (a whole number of
     * records, within {@link Limit#IMAGES} and {@link Limit#ARRAY_BYTES} together) before the pixel
     * array is allocated; the files are then streamed into it a chunk of records at a time.
     *
     * @param labelNames what each label byte is, for messages ("label", or "coarse label", "fine label")
     * @param labelLimits label byte k must be below {@code labelLimits[k]}
     */
    static Records read(List<Path> files, String[] labelNames, int[] labelLimits) {
        int recordBytes = labelNames.length + IMAGE_BYTES;
        long[] records = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            records[f] = recordCount(files.get(f), labelNames.length);
            total += records[f];
            DeclaredSize.atMost(files.get(f), "the images up to this file", total, Limit.IMAGES);
            DeclaredSize.atMost(files.get(f), "the pixel bytes up to this file", total * IMAGE_BYTES, Limit.ARRAY_BYTES);
        }
        Path last = files.get(files.size() - 1);
        byte[] pixels = DeclaredSize.allocate(last, total + " CIFAR images", total * IMAGE_BYTES); // [n, 32, 32, 3]
        int[][] labels = new int[labelNames.length][(int) total];
        byte[] chunk = new byte[CHUNK_RECORDS * recordBytes];
        int i = 0;
        for (int f = 0; f < files.size(); f++) {
            try (InputStream in = Files.newInputStream(files.get(f))) {
                for (long r = 0; r < records[f]; ) {
                    int n = (int) Math.min(CHUNK_RECORDS, records[f] - r);
                    if (in.readNBytes(chunk, 0, n * recordBytes) < n * recordBytes) {
                        throw new UserError(files.get(f) + ": ended early (did the file shrink while it was read?)");
                    }
                    for (int k = 0; k < n; k++, r++, i++) {
                        checkLabels(files.get(f), chunk, k * recordBytes, r, labelNames, labelLimits, labels, i);
                        chwToHwc(chunk, k * recordBytes + labelNames.length, pixels, i * IMAGE_BYTES);
                    }
                }
            } catch (IOException e) {
                throw new UserError(files.get(f) + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        return new Records(pixels, labels);
    }

    /** The number of records in {@code file}, from its length. */
    private static long recordCount(Path file, int labelBytes) {
        int recordBytes = labelBytes + IMAGE_BYTES;
        long length = DataFiles.size(DataFiles.requireFile(file));
        if (length == 0) {
            throw new UserError(file + ": empty file, expected " + recordBytes + "-byte CIFAR records");
        }
        if (length % recordBytes != 0) {
            throw new UserError(file + ": " + length + " bytes is not a whole number of "
                    + recordBytes + "-byte records (" + labelBytes + " label byte" + (labelBytes > 1 ? "s" : "")
                    + " + 3072 pixel bytes); truncated, or not a CIFAR-" + (labelBytes == 1 ? "10" : "100")
                    + " binary file?");
        }
        return length / recordBytes;
    }

    /** Copies the label bytes of the record at {@code chunk[at..]} (record r of the file) into {@code labels[.][i]}. */
    private static void checkLabels(Path file, byte[] chunk, int at, long r, String[] labelNames, int[] labelLimits,
            int[][] labels, int i) {
        for (int k = 0; k < labelNames.length; k++) {
            int label = chunk[at + k] & 0xFF;
            if (label >= labelLimits[k]) {
                throw new UserError(file + ": record " + r + " has " + labelNames[k] + " " + label
                        + ", expected 0.." + (labelLimits[k] - 1));
            }
            labels[k][i] = label;
        }
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
