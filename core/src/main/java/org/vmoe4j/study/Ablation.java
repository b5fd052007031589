package org.vmoe4j.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.config.Family;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Routing;

/**
 * The papers' ablations as studies (SPEC §2 ablations, ML Table 9): which arms each trains around a base model. MV's
 * ablations start from a Mobile V-MoE preset (MV uses DeiT-Ti/16, here {@code mvmoe-12x192} with the study's input)
 * and its dense twin, whose validation confusions give the super-classes; ML Table 9 starts from an mLiT preset.
 */
public enum Ablation {
    /** MV Fig. 3b: the number of experts E, each with its own super-classes discovered from the dense twin. */
    FIG3B("E", List.of(5, 10, 20), Family.MOBILE_VMOE),
    /** MV Fig. 3c: the number of MoE layers L. */
    FIG3C("L", List.of(1, 2, 4, 8), Family.MOBILE_VMOE),
    /** MV Fig. 3d: experts per image k, each against the dense ViT whose last L MLPs are k times wider. */
    FIG3D("k", List.of(1, 2, 3), Family.MOBILE_VMOE),
    /** MV Fig. 3e at k = 2: dense (MLP ×2), super-class, random super-class, learned per image, learned per token. */
    FIG3E("routing", List.of(), Family.MOBILE_VMOE),
    /** ML Table 9: which SwiGLU maps an mLiT's experts share. */
    TABLE9("sharing", List.of(), Family.MLIT);

    /** MV Fig. 3e's k. */
    static final int FIG3E_K = 2;
    private static final String MOE = "Mobile V-MoE";
    private static final String DENSE = "dense ViT";
    private static final String DENSE_K = "dense ViT (MLP x k)";

    private final String axis;
    private final List<Integer> defaults;
    private final Family base;

    Ablation(String axis, List<Integer> defaults, Family base) {
        this.axis = axis;
        this.defaults = defaults;
        this.base = base;
    }

    /** The paper's values of what this ablation varies (empty for the ones that vary a choice, not a number). */
    public List<Integer> defaults() {
        return defaults;
    }

    /** The command-line word: {@code fig3b}, ..., {@code table9}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The arms around {@code model} (a preset with its overrides, e.g. --k).
     *
     * @param values what to try, or empty for the paper's
     */
    public List<StudyArm> arms(ModelSpec model, List<Integer> values, StudySetup setup) {
        if (ModelPresets.get(model.preset()).family() != base) {
            throw new UserError("--ablation " + word() + " starts from " + (base == Family.MLIT ? "an mlit-*" : "an mvmoe-*")
                    + " model, got " + model.preset());
        }
        if (defaults.isEmpty() && !values.isEmpty()) {
            throw new UserError("--values does not apply to --ablation " + word() + ", which compares " + axis + "s");
        }
        List<Integer> tried = values.isEmpty() ? defaults : values;
        String dense = ModelPresets.get(model.preset()).twin();
        List<StudyArm> arms = new ArrayList<>();
        switch (this) {
            case FIG3B, FIG3C -> {
                arms.add(setup.arm(dense, "dense", DENSE, twin(dense, setup), null));
                for (int v : tried) {
                    ModelSpec.Builder moe = withInput(model, setup).experts(this == FIG3B ? v : setup.experts());
                    arms.add(setup.arm(model.preset() + "-" + axis.toLowerCase(Locale.ROOT) + v, axis + "=" + v, MOE,
                            (this == FIG3B ? moe : moe.moeLayers(v)).build(), dense));
                }
            }
            case FIG3D -> {
                arms.add(setup.arm(dense, "k=1", DENSE_K, twin(dense, setup), null));
                for (int k : tried) {
                    if (k > 1) {
                        arms.add(setup.arm(dense + "-k" + k, "k=" + k, DENSE_K, wide(dense, model, setup, k), null));
                    }
                    arms.add(setup.arm(model.preset() + "-k" + k, "k=" + k, MOE,
                            withInput(model, setup).experts(setup.experts()).k(k).build(), dense));
                }
            }
            case FIG3E -> fig3e(model, dense, setup, arms);
            case TABLE9 -> {
                for (ExpertSharing sharing : ExpertSharing.values()) {
                    String word = sharing.name().toLowerCase(Locale.ROOT).replace('_', '-');
                    arms.add(setup.arm(model.preset() + "-" + word, word, "mLiT",
                            withInput(model, setup).sharing(sharing).build(), null));
                }
            }
        }
        return arms;
    }

    /** MV Fig. 3e's rows; the plain dense twin is trained first for its confusions. */
    private static void fig3e(ModelSpec model, String dense, StudySetup setup, List<StudyArm> arms) {
        int k = model.k() != null ? model.k() : FIG3E_K;
        ModelSpec.Builder moe = withInput(model, setup).experts(setup.experts()).k(k);
        String name = model.preset() + "-";
        arms.add(setup.arm(dense, "dense (groups)", DENSE, twin(dense, setup), null)); // k = 1, for the super-classes
        arms.add(setup.arm(dense + "-k" + k, "dense", DENSE_K, wide(dense, model, setup, k), null));
        arms.add(setup.arm(name + "superclass", "super-class", MOE, moe.build(), dense));
        StudyArm random = setup.arm(name + "random", "random classes", MOE, moe.build(), null);
        arms.add(new StudyArm(random.name(), random.setting(), random.series(), random.model(),
                random.train().toBuilder().superclasses("random").build(), null));
        arms.add(setup.arm(name + "learned-image", "learned image", MOE,
                moe.routing(Routing.LEARNED_IMAGE).build(), null));
        arms.add(setup.arm(name + "learned-token", "learned token", MOE,
                moe.routing(Routing.LEARNED_TOKEN).build(), null));
    }

    /** The dense twin with the study's input. */
    private static ModelSpec twin(String dense, StudySetup setup) {
        return setup.model(dense).build();
    }

    /** The dense twin with the MLPs of the blocks that are MoE blocks in {@code model} k times wider (MV Fig. 3d). */
    private static ModelSpec wide(String dense, ModelSpec model, StudySetup setup, int k) {
        return setup.model(dense).denseK(k).moeLayers(model.moeLayers()).build();
    }

    /** The base model with the study's input replacing the preset's. */
    private static ModelSpec.Builder withInput(ModelSpec model, StudySetup setup) {
        return model.toBuilder().input(setup.imageSize(), setup.patchSize(), model.channels());
    }
}
