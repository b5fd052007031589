package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vmoe4j.tensor.Ops;

/**
 * AdamW (Loshchilov &amp; Hutter 2019) as PyTorch's {@code torch.optim.AdamW} defines it: decoupled weight
 * decay p ← p·(1 − lr·wd), then p ← p − lr·m̂/(√v̂ + ε). Weight decay applies by {@link ParameterRole}
 * (matrices and kernels, not biases, norms, position embeddings and tokens); each parameter's learning rate may be
 * scaled (layer-wise decay).
 */
public final class AdamW implements AutoCloseable {
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[] lrScales;  // per parameter, in map order
    private final float[] decayRates; // weight decay per parameter, in map order (0 where it does not apply)
    private long steps;

    public AdamW(Map<String, NDArray> params, double weightDecay, ToDoubleFunction<String> lrScale) {
        this(params, 0.9, 0.999, 1e-8, weightDecay, lrScale);
    }

    public AdamW(Map<String, NDArray> params, double beta1, double beta2, double eps, double weightDecay,
                 ToDoubleFunction<String> lrScale) {
        this.params = params;
        this.manager = params.values().iterator().next().getManager().newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.lrScales = params.keySet().stream().mapToDouble(lrScale).toArray();
        this.decayRates = new float[params.size()];
        int i = 0;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            decayRates[i++] = weightDecay > 0 && decays(e.getKey()) ? (float) weightDecay : 0f;
        }
        params.forEach((name, p) -> {
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        });
    }

    /** True for the parameters weight decay applies to, by role ({@link ParameterRole}): matrices and kernels. */
    public static boolean decays(String name) {
        return ParameterRole.of(name).decays();
    }

    /**
     * One update with base learning rate {@code lr} from the gradients; then clears them. torch.optim.AdamW's
     * p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε) is computed as p ← p − m · lr·√(1−β₂ᵗ)/(1−β₁ᵗ) / (√v + ε·√(1−β₂ᵗ))
     * and the decay p·(1 − lr·wd) as p − (p·lr)·wd: the same values up to float rounding, one native call per
     * parameter ({@link Ops#adamWUpdate}).
     */
    public void step(double lr) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double rootC2 = Math.sqrt(1 - Math.pow(beta2, steps));
        try (NDScope scope = new NDScope()) { // frees the gradient handles
            int i = 0;
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                String name = e.getKey();
                NDArray p = e.getValue();
                double rate = lr * lrScales[i];
                Ops.adamWUpdate(p, p.getGradient(), firstMoments.get(name), secondMoments.get(name), (float) rate,
                        (float) (rate * rootC2 / c1), decayRates[i], (float) beta1, (float) beta2,
                        (float) (eps * rootC2));
                i++;
            }
        }
    }

    /** Steps taken so far (for bias correction; saved in checkpoints). */
    public long steps() {
        return steps;
    }

    /** The optimizer state by name, {@code m.NAME} and {@code v.NAME}, for a checkpoint. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> state.put("m." + name, m));
        secondMoments.forEach((name, v) -> state.put("v." + name, v));
        return state;
    }

    /** Continues from a checkpoint: the state arrays have been loaded in place; this restores the step count. */
    public void resumeAt(long steps) {
        this.steps = steps;
    }

    @Override
    public void close() {
        manager.close();
    }
}
