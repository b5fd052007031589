package org.vmoe4j.study;

/** How a comparison study trains its Mobile V-MoEs; on the command line {@code scratch}, {@code upcycled}, {@code both}. */
public enum Upcycling {
    /** From random weights (MV's procedure). */
    SCRATCH,
    /**
     * Upcycled from the dense twin the study has just trained (Komatsuzaki et al. 2022), beside the twin continued
     * for the same number of epochs: the same extra budget spent on a dense model and on an MoE.
     */
    UPCYCLED,
    /** Both, to compare them. */
    BOTH
}
