package org.vmoe4j.config;

/** The model families of the two papers, as the preset registry files them. */
public enum Family {
    /** A dense ViT (SPEC §1). */
    DENSE_VIT("dense ViT"),
    /** A ViT whose last blocks are MoE blocks routed per image (SPEC §2). */
    MOBILE_VMOE("Mobile V-MoE"),
    /** The mLiT classifier (SPEC §3). */
    MLIT("mLiT"),
    /** mmLiT's masked auto-encoder around an mLiT encoder (SPEC §4). */
    MMLIT("mmLiT auto-encoder");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    /** How reports name the family. */
    public String label() {
        return label;
    }
}
