package org.vmoe4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vmoe4j.UserError;

/** Every named model size of the two papers, as data (SPEC §1–§4). */
public final class ModelPresets {
    private static final Map<String, ModelConfig> PRESETS = new LinkedHashMap<>();

    static {
        int[] depths = {12, 9, 6};
        int[][] widthsAndHeads = {{384, 6}, {192, 3}, {96, 3}, {64, 2}};
        for (int depth : depths) {
            for (int[] wh : widthsAndHeads) {
                VitConfig dense = VitConfig.imagenet(depth, wh[0], wh[1], 32);
                PRESETS.put("vit-" + depth + "x" + wh[0], dense);
                PRESETS.put("mvmoe-" + depth + "x" + wh[0], dense.withMoe(MoeConfig.mobileVMoe()));
            }
        }
        PRESETS.put("deit-ti", VitConfig.imagenet(12, 192, 3, 16));
        MlitConfig s = MlitConfig.table1(144, 15, 144, 72, 8, 4);
        MlitConfig xs = MlitConfig.table1(128, 12, 96, 32, 8, 4);
        MlitConfig xxs = MlitConfig.table1(108, 9, 81, 27, 6, 3);
        PRESETS.put("mlit-s", s);
        PRESETS.put("mlit-xs", xs);
        PRESETS.put("mlit-xxs", xxs);
        PRESETS.put("mmlit-s", MaeConfig.of(s));
        PRESETS.put("mmlit-xs", MaeConfig.of(xs));
        PRESETS.put("mmlit-xxs", MaeConfig.of(xxs));
    }

    private ModelPresets() {
    }

    /** The preset of that name, or a UserError listing the known names. */
    public static ModelConfig get(String name) {
        ModelConfig config = PRESETS.get(name);
        if (config == null) {
            throw new UserError("unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return config;
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(PRESETS.keySet());
    }
}
