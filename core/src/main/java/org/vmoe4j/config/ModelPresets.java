package org.vmoe4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vmoe4j.UserError;

/** Every named model size of the two papers, as data (SPEC §1–§4). */
public final class ModelPresets {
    private static final Map<String, ModelPreset> PRESETS = new LinkedHashMap<>();

    static {
        int[] depths = {12, 9, 6};
        int[][] widthsAndHeads = {{384, 6}, {192, 3}, {96, 3}, {64, 2}}; // MV Fig. 3a
        for (int depth : depths) {
            for (int[] wh : widthsAndHeads) {
                String size = depth + "x" + wh[0];
                VitConfig dense = VitConfig.builder().depth(depth).dim(wh[0]).heads(wh[1]).build();
                add("vit-" + size, Family.DENSE_VIT, dense, null);
                add("mvmoe-" + size, Family.MOBILE_VMOE, dense.withMoe(MoeConfig.mobileVMoe()), "vit-" + size);
            }
        }
        add("deit-ti", Family.DENSE_VIT, VitConfig.builder().depth(12).dim(192).heads(3).patchSize(16).build(), null);
        // ML Table 1
        mlit("s", MlitConfig.builder().dim(144).depth(15).hidden(144, 72).heads(8).groups(4).build());
        mlit("xs", MlitConfig.builder().dim(128).depth(12).hidden(96, 32).heads(8).groups(4).build());
        mlit("xxs", MlitConfig.builder().dim(108).depth(9).hidden(81, 27).heads(6).groups(3).build());
    }

    private ModelPresets() {
    }

    private static void add(String name, Family family, ModelConfig config, String twin) {
        PRESETS.put(name, new ModelPreset(name, family, config, twin));
    }

    /** An mLiT classifier and the masked auto-encoder that pre-trains its encoder (SPEC §4). */
    private static void mlit(String size, MlitConfig classifier) {
        add("mlit-" + size, Family.MLIT, classifier, "mmlit-" + size);
        add("mmlit-" + size, Family.MMLIT, MaeConfig.of(classifier), "mlit-" + size);
    }

    /** The preset of that name, or a UserError listing the known names. */
    public static ModelPreset get(String name) {
        ModelPreset preset = PRESETS.get(name);
        if (preset == null) {
            throw new UserError("unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return preset;
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(PRESETS.keySet());
    }
}
