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
 * decay p ← p·(1 − lr·wd), then p ← p − lr·m̂/(√v̂ + ε). Weight decay skips biases, norms, position
 * embeddings and tokens by their role, whatever their rank (SPEC §4 recipes, {@link ParameterRole}); each
 * parameter's learning rate may be scaled (layer-wise decay).
 */
public final class AdamW implements AutoCloseable {
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final ToDoubleFunction<String> lrScale;
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
        this.weightDecay = weightDecay;
        this.lrScale = lrScale;
        params.forEach((name, p) -> {
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        });
    }

    /** True for the parameters weight decay applies to, by role ({@link ParameterRole}): matrices and kernels. */
    public static boolean decays(String name) {
        return ParameterRole.of(name).decays();
    }

    /** One update with base learning rate {@code lr} from the gradients; then clears them. */
    public void step(double lr) {
        steps++;
        float c1 = (float) (1 - Math.pow(beta1, steps));
        float c2 = (float) (1 - Math.pow(beta2, steps));
        try (NDScope scope = new NDScope()) { // frees the gradient handles and temporaries
            params.forEach((name, p) -> {
                NDArray grad = p.getGradient();
                float rate = (float) (lr * lrScale.applyAsDouble(name));
                NDArray m = firstMoments.get(name).muli((float) beta1).addi(grad.mul((float) (1 - beta1)));
                NDArray v = secondMoments.get(name).muli((float) beta2).addi(grad.square().muli((float) (1 - beta2)));
                if (weightDecay > 0 && decays(name)) {
                    p.muli(1 - rate * (float) weightDecay);
                }
                p.subi(m.div(c1).divi(v.div(c2).sqrt().addi((float) eps)).muli(rate));
                Ops.zeroGrad(p);
            });
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
