package org.vmoe4j.data;

import java.util.TreeSet;

/**
 * What {@code vmoe4j data} reports about one split: image count, classes present and image size.
 * The size is exact for in-memory sources; for files decoded lazily (folders, Flowers102) it is
 * the range over a few images sampled evenly through the split.
 *
 * @param images number of images
 * @param classesPresent number of distinct labels in the split
 * @param fixed true if every image is known to have the same shape (no sampling was needed)
 * @param sampled images decoded to find the sizes (0 when {@code fixed} or the split is empty)
 * @param minHeight smallest height seen (0 for an empty split)
 * @param maxHeight largest height seen
 * @param minWidth smallest width seen
 * @param maxWidth largest width seen
 * @param channels the channel counts seen, ascending (e.g. {@code [1, 3]} for a mixed folder)
 */
public record SplitSummary(int images, int classesPresent, boolean fixed, int sampled, int minHeight,
                           int maxHeight, int minWidth, int maxWidth, int[] channels) {

    /** Summarises {@code source}, decoding at most {@code sample} images if sizes are not known. */
    public static SplitSummary of(ImageSource source, int numClasses, int sample) {
        int n = source.size();
        boolean[] seen = new boolean[Math.max(numClasses, 1)];
        int present = 0;
        for (int i = 0; i < n; i++) {
            int label = source.label(i);
            if (label >= 0 && label < seen.length && !seen[label]) {
                seen[label] = true;
                present++;
            }
        }
        var shape = ImageSources.fixedShape(source);
        if (shape.isPresent()) {
            ImageSources.Shape s = shape.get();
            return new SplitSummary(n, present, true, 0, s.height(), s.height(), s.width(), s.width(),
                    new int[] {s.channels()});
        }
        int m = Math.min(n, Math.max(1, sample));
        if (n == 0) {
            return new SplitSummary(0, 0, false, 0, 0, 0, 0, 0, new int[0]);
        }
        int minH = Integer.MAX_VALUE;
        int maxH = 0;
        int minW = Integer.MAX_VALUE;
        int maxW = 0;
        TreeSet<Integer> channels = new TreeSet<>();
        for (int k = 0; k < m; k++) {
            int i = m == 1 ? 0 : (int) ((long) k * (n - 1) / (m - 1));
            Image img = source.image(i);
            minH = Math.min(minH, img.height());
            maxH = Math.max(maxH, img.height());
            minW = Math.min(minW, img.width());
            maxW = Math.max(maxW, img.width());
            channels.add(img.channels());
        }
        return new SplitSummary(n, present, false, m, minH, maxH, minW, maxW,
                channels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** True if all images seen have one height, one width and one channel count. */
    public boolean uniform() {
        return minHeight == maxHeight && minWidth == maxWidth && channels.length == 1;
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** "32x32x3" (HxWxC), or "varies: height 180..375, width 240..500, channels 1/3 (8 sampled)". */
    public String sizeText() {
        if (images == 0) {
            return "-";
        }
        StringBuilder ch = new StringBuilder();
        for (int c : channels) {
            ch.append(ch.length() == 0 ? "" : "/").append(c);
        }
        if (uniform()) {
            return minHeight + "x" + minWidth + "x" + ch + (fixed ? "" : " (" + sampled + " sampled)");
        }
        return "varies: height " + minHeight + ".." + maxHeight + ", width " + minWidth + ".." + maxWidth
                + ", channels " + ch + " (" + sampled + " sampled)";
    }
}
