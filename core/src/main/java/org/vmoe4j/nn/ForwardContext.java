package org.vmoe4j.nn;

import ai.djl.ndarray.NDArray;
import org.vmoe4j.config.Dispatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The state of one forward pass: whether it trains (dropout, gating noise, stochastic depth), how experts are
 * dispatched, the per-image routing chosen before the MoE blocks (Mobile V-MoE), and what the MoE
 * layers report back: their weighted auxiliary losses and their routings (for expert-load statistics).
 */
public final class ForwardContext {
    private final boolean training;
    private final boolean gatingNoise;
    private final Dispatch dispatch;
    private final double dropPath;
    private final List<NDArray> auxLosses = new ArrayList<>();
    private final List<Routing> routings = new ArrayList<>();
    private Routing imageRouting;

    public ForwardContext(boolean training, boolean gatingNoise, Dispatch dispatch) {
        this(training, gatingNoise, dispatch, 0);
    }

    /** @param dropPath the stochastic-depth rate of the last block ({@link DropPath}), used in training only */
    public ForwardContext(boolean training, boolean gatingNoise, Dispatch dispatch, double dropPath) {
        this.training = training;
        this.gatingNoise = gatingNoise;
        this.dispatch = dispatch;
        this.dropPath = dropPath;
    }

    /** Inference: no dropout, no noise, sparse dispatch. */
    public static ForwardContext forInference() {
        return new ForwardContext(false, false, Dispatch.SPARSE);
    }

    /** Training: dropout and gating noise on, sparse dispatch. */
    public static ForwardContext forTraining() {
        return new ForwardContext(true, true, Dispatch.SPARSE);
    }

    public boolean training() {
        return training;
    }

    /** Noise is added to gate logits only when training with noise enabled (SPEC §3 Eq. 2). */
    public boolean noisy() {
        return training && gatingNoise;
    }

    /** The drop probability of block {@code block} of {@code depth}: 0 unless training with stochastic depth. */
    public double dropPath(int block, int depth) {
        return training ? DropPath.rate(dropPath, block, depth) : 0;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    public Routing imageRouting() {
        return imageRouting;
    }

    public void setImageRouting(Routing routing) {
        this.imageRouting = routing;
        routings.add(routing);
    }

    /** Records an already weighted auxiliary loss term (a scalar). */
    public void addAuxLoss(NDArray loss) {
        auxLosses.add(loss);
    }

    /** Records the routing of a per-token MoE layer. */
    public void addRouting(Routing routing) {
        routings.add(routing);
    }

    /** Sum of all auxiliary loss terms, or null when no layer added one. */
    public NDArray auxLoss() {
        return auxLosses.stream().reduce(NDArray::add).orElse(null);
    }

    public List<Routing> routings() {
        return Collections.unmodifiableList(routings);
    }
}
