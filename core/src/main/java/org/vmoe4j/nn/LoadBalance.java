package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/** Balancing terms that keep a router from sending everything to one expert (SPEC §3 Eq. 10–11). */
public final class LoadBalance {
    private static final float EPS = 1e-10f;

    private LoadBalance() {
    }

    /**
     * CV(v)² = Var(v) / (mean(v)² + 1e-10) with the unbiased variance, as in Shazeer et al. 2017
     * (SPEC §3: the squared coefficient of variation of per-expert sums).
     *
     * @param perExpert [E] a per-expert sum (importance or load)
     */
    public static NDArray squaredCv(NDArray perExpert) {
        long n = perExpert.getShape().get(0);
        NDArray mean = perExpert.mean();
        NDArray variance = Ops.div(perExpert.sub(mean).square().sum(), n - 1);
        return variance.div(mean.square().add(EPS));
    }

    /** CV² of the per-expert sum of gates over all rows: the importance loss before its weight. */
    public static NDArray importance(Routing routing) {
        return squaredCv(routing.gateMatrix().sum(new int[] {0}));
    }
}
