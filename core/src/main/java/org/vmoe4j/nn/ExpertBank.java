package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/**
 * Mobile V-MoE's E experts, each a full ViT MLP of the dense width (SPEC §2), stored stacked:
 * {@code experts.fc1.weight} [E, hidden, D], {@code experts.fc2.weight} [E, D, hidden].
 */
public final class ExpertBank {
    private final NDArray fc1Weight; // [E, hidden, D]
    private final NDArray fc1Bias;   // [E, hidden]
    private final NDArray fc2Weight; // [E, D, hidden]
    private final NDArray fc2Bias;   // [E, D]
    private final int experts;
    private final long mlpParams;
    private final long mlpFlopsPerToken;

    public ExpertBank(Scope scope, int experts, int dim, int hidden) {
        this.experts = experts;
        this.fc1Weight = scope.param("fc1.weight", Init.weight(dim), experts, hidden, dim);
        this.fc1Bias = scope.param("fc1.bias", Init.bias(dim), experts, hidden);
        this.fc2Weight = scope.param("fc2.weight", Init.weight(hidden), experts, dim, hidden);
        this.fc2Bias = scope.param("fc2.bias", Init.bias(hidden), experts, dim);
        this.mlpParams = 2L * dim * hidden + hidden + dim;
        this.mlpFlopsPerToken = 2 * 2L * dim * hidden;
    }

    /** Expert e's MLP on x [..., D] → [..., D]. */
    public NDArray apply(int e, NDArray x) {
        NDArray hidden = Ops.gelu(Linear.apply(x, fc1Weight.get(e), fc1Bias.get(e)));
        return Linear.apply(hidden, fc2Weight.get(e), fc2Bias.get(e));
    }

    /** One expert's MLP: fc1 and fc2 with their biases. */
    public long paramsPerExpert() {
        return mlpParams;
    }

    /** All E experts are parameters; an image activates k of them for {@code tokens} tokens. */
    public Cost cost(long tokens, int k) {
        return new Cost(experts * mlpParams, k * mlpParams, k * mlpFlopsPerToken * tokens);
    }
}
