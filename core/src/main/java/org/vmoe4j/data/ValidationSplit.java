package org.vmoe4j.data;

import java.util.Arrays;
import java.util.Random;
import org.vmoe4j.UserError;

/**
 * A validation split carved out of a training split: {@code round(fraction * n)} images are
 * moved from train to val (they are no longer in train). The carve is stratified, every class
 * gives up the same fraction of its images (up to rounding, with the remainders handed out
 * by largest remainder so the total is exact), so the confusion matrix that super-class
 * discovery computes on it sees every class. Which images go is fixed by {@code seed}
 * ({@link java.util.Random}, the same on every JVM); both splits keep the original order.
 *
 * @param train the training images that remain
 * @param val the carved validation images
 */
public record ValidationSplit(ImageSource train, ImageSource val) {

    /**
     * Carves {@code fraction} (0 &lt;= fraction &lt; 1) of {@code source} into a validation split.
     * A fraction of 0 gives an empty validation split; a positive fraction takes at least one
     * image and always leaves at least one for training.
     */
    public static ValidationSplit carve(ImageSource source, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new UserError("validation fraction " + fraction + " is outside [0, 1)");
        }
        int n = source.size();
        int total = (int) Math.round(fraction * n);
        if (fraction > 0 && n >= 2) {
            total = Math.max(1, Math.min(total, n - 1));
        }
        if (total == 0) {
            return new ValidationSplit(source, ImageSources.empty());
        }

        // group image indices by class
        int numClasses = 0;
        for (int i = 0; i < n; i++) {
            numClasses = Math.max(numClasses, source.label(i) + 1);
        }
        int[] counts = new int[numClasses];
        for (int i = 0; i < n; i++) {
            counts[source.label(i)]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < n; i++) {
            int c = source.label(i);
            byClass[c][fill[c]++] = i;
        }

        int[] quota = quotas(counts, total, n);

        Random random = new Random(seed);
        boolean[] inVal = new boolean[n];
        for (int c = 0; c < numClasses; c++) {
            int[] members = byClass[c];
            // partial Fisher-Yates: the first quota[c] positions become a uniform random sample
            for (int k = 0; k < quota[c]; k++) {
                int j = k + random.nextInt(members.length - k);
                int t = members[k];
                members[k] = members[j];
                members[j] = t;
                inVal[members[k]] = true;
            }
        }
        int[] valIdx = new int[total];
        int[] trainIdx = new int[n - total];
        int v = 0;
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (inVal[i]) {
                valIdx[v++] = i;
            } else {
                trainIdx[t++] = i;
            }
        }
        return new ValidationSplit(ImageSources.subset(source, trainIdx), ImageSources.subset(source, valIdx));
    }

    /** Per-class sizes proportional to {@code counts}, summing exactly to {@code total}. */
    static int[] quotas(int[] counts, int total, int n) {
        int[] quota = new int[counts.length];
        double[] remainder = new double[counts.length];
        int assigned = 0;
        for (int c = 0; c < counts.length; c++) {
            double exact = (double) counts[c] * total / n;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        Integer[] order = new Integer[counts.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        // largest remainder first; ties to the lower class index
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b]
                ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        for (int k = 0; assigned < total; k = (k + 1) % order.length) {
            int c = order[k];
            if (quota[c] < counts[c]) {
                quota[c]++;
                assigned++;
            }
        }
        return quota;
    }
}
