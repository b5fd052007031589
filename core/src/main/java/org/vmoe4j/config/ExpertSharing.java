package org.vmoe4j.config;

/**
 * Which of SwiGLU's three maps W, V, W2 an mLiT expert owns; the other two are shared by the layer's
 * experts (SPEC §3, ML Table 9). On the command line: {@code v-w2}, {@code v-w}, {@code w-w2} (the shared pair).
 */
public enum ExpertSharing {
    /** The paper's choice: V and W2 shared, W per expert. */
    V_W2,
    /** V and W shared, W2 per expert. */
    V_W,
    /** W and W2 shared, V per expert. */
    W_W2
}
