package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Arrays;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.tensor.Ops;

/**
 * How routed rows reach their experts and come back weighted: y_r = Σ_j g_rj · f_{e_rj}(x_r)
 * (MV Eq. 1, ML Eq. 1). A row is an image for per-image routing and a token otherwise.
 */
public final class Dispatcher {
    /** One expert applied to a batch of rows. */
    @FunctionalInterface
    public interface ExpertFunction {
        NDArray apply(int expert, NDArray rows);
    }

    private Dispatcher() {
    }

    /**
     * Σ_j g_rj · f_{e_rj}(x_r) for every row r.
     *
     * @param x [R, ...] the rows
     */
    static NDArray combine(Dispatch mode, NDArray x, Routing routing, ExpertFunction expert) {
        return mode == Dispatch.SPARSE ? sparse(x, routing, expert) : dense(x, routing, expert);
    }

    /** Rows sorted by expert: each expert runs once, on exactly the rows routed to it. */
    private static NDArray sparse(NDArray x, Routing routing, ExpertFunction expert) {
        long[] chosen = routing.experts().toLongArray(); // row-major [R, k]
        int k = (int) routing.experts().getShape().get(1);
        int[] start = new int[routing.numExperts() + 1];
        for (long e : chosen) {
            start[(int) e + 1]++;
        }
        Arrays.parallelPrefix(start, Integer::sum);
        long[] rowOfSlot = new long[chosen.length];  // slot (sorted by expert) → row
        long[] slotOfPick = new long[chosen.length]; // (row, j) → slot
        int[] next = Arrays.copyOf(start, start.length - 1);
        for (int pick = 0; pick < chosen.length; pick++) {
            int slot = next[(int) chosen[pick]]++;
            rowOfSlot[slot] = pick / k;
            slotOfPick[pick] = slot;
        }
        NDArray sorted = x.get(Ops.longs(x.getManager(), rowOfSlot, rowOfSlot.length));
        NDList outputs = new NDList();
        for (int e = 0; e < start.length - 1; e++) {
            if (start[e + 1] > start[e]) {
                outputs.add(expert.apply(e, sorted.get(start[e] + ":" + start[e + 1])));
            }
        }
        NDArray picked = NDArrays.concat(outputs, 0).get(Ops.longs(x.getManager(), slotOfPick, slotOfPick.length));
        long[] shape = picked.getShape().getShape();                                  // [R·k, ...]
        shape[0] = k;
        NDArray perRow = picked.reshape(prepend(x.getShape().get(0), shape));        // [R, k, ...]
        return perRow.mul(broadcastable(routing.gates(), perRow)).sum(new int[] {1});
    }

    /** Every expert on every row, weighted by the gate matrix (zeros for experts not chosen). */
    private static NDArray dense(NDArray x, Routing routing, ExpertFunction expert) {
        NDArray weights = routing.gateMatrix(); // [R, E]
        NDArray sum = null;
        for (int e = 0; e < routing.numExperts(); e++) {
            NDArray out = expert.apply(e, x);
            NDArray weighted = out.mul(broadcastable(weights.get(":, " + e), out));
            sum = sum == null ? weighted : sum.add(weighted);
        }
        return sum;
    }

    /** Reshapes per-row weights [R] or [R, k] so they broadcast against {@code like}. */
    private static NDArray broadcastable(NDArray weights, NDArray like) {
        long[] shape = new long[like.getShape().dimension()];
        Arrays.fill(shape, 1);
        for (int i = 0; i < weights.getShape().dimension(); i++) {
            shape[i] = weights.getShape().get(i);
        }
        return weights.reshape(shape);
    }

    private static long[] prepend(long first, long[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
