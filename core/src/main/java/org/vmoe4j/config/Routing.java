package org.vmoe4j.config;

/** How a Mobile V-MoE's router learns (MV Fig. 3e); on the command line {@code superclass}, {@code learned-image}, ... */
public enum Routing {
    /** Per image, supervised by super-class labels with weight λ (MV's method, SPEC §2). */
    SUPERCLASS,
    /** Per image, learned end to end from the task loss, with an importance loss against collapse. */
    LEARNED_IMAGE,
    /** Per token (regular V-MoE, Riquelme et al. 2021), learned end to end with an importance loss. */
    LEARNED_TOKEN
}
