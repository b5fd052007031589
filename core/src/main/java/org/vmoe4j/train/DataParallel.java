package org.vmoe4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;
import org.vmoe4j.tensor.Ops;

/**
 * Data parallelism in one process: N replicas of the trained model, one per device, the first (the master) being the
 * model itself. Each step splits the batch of n images into N contiguous shards (sizes differing by at most one, the
 * master's the largest), each replica runs the forward and backward pass of its shard with its loss weighted by
 * n_r/n, the replicas' gradients are summed into the master's (the all-reduce), the optimizer takes one step on the
 * master, and the master's weights are copied to every replica (the broadcast), which keeps them identical. The
 * replicas run one after the other (PyTorch's kernels already use every core; on GPUs they would overlap only if run
 * from threads of their own, which this class does not do).
 *
 * <p>How each loss term combines across shards, Σ_r (n_r/n)·L(shard r) against L(whole batch):
 * <ul>
 *   <li>exact (up to float rounding): every per-image mean: the cross-entropy L_C against hard labels or soft
 *       targets (mixup and CutMix mix the whole batch before it is split), the router's cross-entropy λ·L_g against
 *       super-class labels (MV §2.2), and mmLiT's masked and unmasked MSE (every image hides the same number of
 *       patches; each image keeps the mask of its position in the run, SPEC §4). So the dense ViT and a Mobile
 *       V-MoE routed by super-classes (no noise, no balancing loss) train exactly as on one device.</li>
 *   <li>approximate: the MoE balancing losses of learned routing (importance and load, SPEC §3) are functions of a
 *       batch's statistics, computed here per shard and averaged; expert capacity (SPEC §3) is per shard too, so which
 *       tokens overflow may differ.</li>
 *   <li>random draws (gating noise, dropout, stochastic depth) are seeded once per step and consumed by the replicas
 *       in turn: as random as on one device, not the same numbers, but the same on every run with as many replicas
 *       (a run resumes exactly on the same device count).</li>
 * </ul>
 *
 * <p>Why not DJL's own: {@code ai.djl.training.ParameterStore} and {@code LocalParameterServer} keep per-device copies
 * of the {@code ai.djl.nn.Parameter}s of DJL {@code Block}s and update them through a DJL {@code Optimizer}, one
 * parameter at a time. vmoe4j's models hold plain arrays in their own {@code nn.ParameterStore}, and its
 * {@link AdamW} (one fused native call per parameter, decay by role, layer-wise rates, moments in the checkpoint)
 * steps all of them at once; the all-reduce and broadcast that DJL's server would add are the two short loops here.
 */
final class DataParallel implements AutoCloseable {
    private static final NDIndex ALL = new NDIndex("...");

    private final List<Replica> replicas; // [0] the master
    private final List<List<NDArray>> parameters; // per replica, in the master's order

    private DataParallel(List<Replica> replicas) {
        this.replicas = replicas;
        this.parameters = replicas.stream()
                .map(r -> List.copyOf(r.model().parameters().parameters().values())).toList();
    }

    /**
     * Builds a replica of the master's model on each of {@code others} and gives it the master's weights.
     *
     * @param objectives the objective that trains a given replica
     */
    static DataParallel open(Replica master, List<Device> others, Function<Model, Objective> objectives) {
        List<Replica> replicas = new ArrayList<>(List.of(master));
        try {
            for (Device device : others) {
                Model copy = Models.build(master.model().config(), 0, device);
                replicas.add(new Replica(copy, objectives.apply(copy)));
            }
        } catch (RuntimeException e) {
            replicas.subList(1, replicas.size()).forEach(r -> r.model().close());
            throw e;
        }
        DataParallel parallel = new DataParallel(replicas);
        parallel.broadcast();
        return parallel;
    }

    /**
     * Forward and backward of the batch, one shard per replica, then the all-reduce: the master's gradients are those
     * of the whole batch's loss (see the class comment for what is exact). Returns the batch's measurements: the
     * losses weighted as the gradients are, the counts summed.
     */
    StepStats.Step forwardBackward(Batch batch, long firstImage, int epoch, TrainConfig config) {
        int n = batch.size();
        List<StepStats.Step> shards = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            int from = start(r, n);
            int to = start(r + 1, n);
            if (to > from) { // a last batch smaller than the replica count leaves replicas idle
                shards.add(replicas.get(r).forwardBackward(batch.slice(from, to), firstImage + from, epoch, config,
                        (double) (to - from) / n));
            }
        }
        allReduce(shards.size());
        return combined(shards, n);
    }

    /** The first image of shard r of n images: ⌈r·n/N⌉, so that shard 0 is never empty. */
    private int start(int r, int n) {
        int count = replicas.size();
        return (int) (((long) r * n + count - 1) / count);
    }

    /** Adds the gradients of replicas 1 … active−1 to the master's, then clears theirs. */
    private void allReduce(int active) {
        List<NDArray> master = parameters.get(0);
        try (NDScope scope = new NDScope()) { // frees the gradient handles and copies between devices
            for (int r = 1; r < active; r++) {
                List<NDArray> replica = parameters.get(r);
                for (int i = 0; i < master.size(); i++) {
                    NDArray target = master.get(i);
                    target.getGradient().addi(replica.get(i).getGradient().toDevice(target.getDevice(), false));
                    Ops.zeroGrad(replica.get(i));
                }
            }
        }
    }

    /** Copies the master's weights into every other replica's parameters, in place. */
    void broadcast() {
        List<NDArray> master = parameters.get(0);
        try (NDScope scope = new NDScope()) {
            for (int r = 1; r < replicas.size(); r++) {
                List<NDArray> replica = parameters.get(r);
                for (int i = 0; i < master.size(); i++) {
                    NDArray target = replica.get(i);
                    target.set(ALL, master.get(i).toDevice(target.getDevice(), false));
                }
            }
        }
    }

    /** One step's measurements from its shards': losses weighted by n_r/n, counts summed. */
    private static StepStats.Step combined(List<StepStats.Step> shards, int n) {
        double loss = 0;
        double task = 0;
        Double aux = null;
        Double router = null;
        Integer correct = null;
        Integer routed = null;
        for (StepStats.Step s : shards) {
            double w = (double) s.images() / n;
            loss += w * s.loss();
            task += w * s.task();
            aux = plus(aux, s.aux(), w);
            router = plus(router, s.router(), w);
            correct = plus(correct, s.correct());
            routed = plus(routed, s.routed());
        }
        return new StepStats.Step(n, loss, task, aux, router, correct, routed);
    }

    /** sum + w·term, where null (a term the objective does not measure) stays null. */
    private static Double plus(Double sum, Double term, double w) {
        if (term == null) {
            return sum;
        }
        return (sum == null ? 0.0 : sum) + w * term;
    }

    private static Integer plus(Integer sum, Integer term) {
        if (term == null) {
            return sum;
        }
        return (sum == null ? 0 : sum) + term;
    }

    /** Frees the replicas' models (not the master's, which the caller owns). */
    @Override
    public void close() {
        replicas.subList(1, replicas.size()).forEach(r -> r.model().close());
    }
}
