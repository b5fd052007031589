package org.vmoe4j.study;

import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.eval.EvalResult;

/**
 * The parameters an image activates, measured (MV Fig. 3e): the model's active parameters count k experts under
 * each routing; an image whose tokens choose for themselves reaches the distinct experts its evaluation counted.
 */
final class ActivatedParams {
    private ActivatedParams() {
    }

    /** Active parameters − k experts per routing + the expert parameters the images reached, on average. */
    static double perImage(EvalResult eval, ModelConfig model) {
        double activated = eval.cost().activeParams();
        for (int r = 0; r < eval.expertParams().size(); r++) {
            double reached = eval.expertParams().get(r);
            double oneExpert = reached / eval.distinctExperts().get(r);
            activated += reached - k(model) * oneExpert;
        }
        return activated;
    }

    private static int k(ModelConfig model) {
        if (model instanceof VitConfig vit) {
            return vit.moe() == null ? 0 : vit.moe().k();
        }
        return model instanceof MlitConfig mlit ? mlit.k() : ((MaeConfig) model).encoder().k();
    }
}
