package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/** The ViT's MLP: fc1 (D → hidden), exact GELU, fc2 (hidden → D) (SPEC §1); timm's {@code mlp.fc1/fc2}. */
public final class Mlp implements FeedForward {
    private final Linear fc1;
    private final Linear fc2;

    public Mlp(Scope scope, int dim, int hidden) {
        this.fc1 = new Linear(scope.child("fc1"), dim, hidden, true);
        this.fc2 = new Linear(scope.child("fc2"), hidden, dim, true);
    }

    @Override
    public NDArray forward(NDArray x, ForwardContext context) {
        return fc2.forward(Ops.gelu(fc1.forward(x)));
    }

    @Override
    public Cost cost(long tokens) {
        return fc1.cost(tokens).plus(fc2.cost(tokens));
    }
}
