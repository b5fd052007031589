package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.tensor.Ops;

/**
 * V-MoE's expert buffers (Riquelme et al. 2021, "expert's buffer capacity"): each expert processes at most
 * B_e = round(C·k·R/E) of the R·k assignments of a batch (rounded half up, at least 1). Assignments are seated as
 * V-MoE does without batch priority routing: every row's first choice before any second choice, and within a choice
 * earlier rows first.
 * An assignment that finds its expert full is dropped: its gate becomes 0, so a token dropped by all its experts
 * passes through the residual connection only. Applied in training; inference keeps every assignment (V-MoE
 * evaluates with a larger ratio than it trains with, 4.0 in its S/32 configuration).
 */
public final class ExpertCapacity {
    private ExpertCapacity() {
    }

    /** B_e for R rows of k choices among E experts at capacity ratio C. */
    public static int capacity(double ratio, int k, long rows, int experts) {
        return (int) Math.max(1, Math.floor(ratio * k * rows / experts + 0.5));
    }

    /** The routing with the gates of the assignments that do not fit set to 0. */
    public static Routing limit(Routing routing, double ratio) {
        long[] chosen = routing.experts().toLongArray(); // row-major [R, k]
        int k = (int) routing.experts().getShape().get(1);
        int rows = chosen.length / k;
        int capacity = capacity(ratio, k, rows, routing.numExperts());
        int[] seated = new int[routing.numExperts()];
        float[] kept = new float[chosen.length];
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < rows; r++) {
                int e = (int) chosen[r * k + j];
                if (seated[e] < capacity) {
                    seated[e]++;
                    kept[r * k + j] = 1;
                }
            }
        }
        NDArray mask = Ops.floats(routing.gates().getManager(), kept, rows, k); // [R, k]
        return new Routing(routing.logits(), routing.experts(), routing.gates().mul(mask));
    }
}
