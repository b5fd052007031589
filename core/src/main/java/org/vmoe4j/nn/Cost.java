package org.vmoe4j.nn;

/**
 * What a part of a model costs per image: its parameters, the parameters an image actually uses
 * (fewer in an MoE layer, where only k of E experts run) and its FLOPs, counted as in SPEC §1:
 * 2 × the multiply-accumulates of every matrix product.
 */
public record Cost(long params, long activeParams, long flops) {
    public static final Cost ZERO = new Cost(0, 0, 0);

    /** A part every image uses entirely. */
    public static Cost dense(long params, long flops) {
        return new Cost(params, params, flops);
    }

    public Cost plus(Cost other) {
        return new Cost(params + other.params, activeParams + other.activeParams, flops + other.flops);
    }
}
