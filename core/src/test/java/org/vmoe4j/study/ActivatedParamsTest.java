package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.Routing;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.nn.Cost;

/** Parameters activated per image from an evaluation's counts, worked by hand. */
class ActivatedParamsTest {
    private static EvalResult eval(long active, List<Double> distinct, List<Double> expertParams) {
        return new EvalResult(10, 0.5, 0.9, Double.NaN, List.of(), distinct, expertParams, new long[1][1], 1,
                new Cost(5000, active, 1));
    }

    @Test
    void perTokenRoutingActivatesTheDistinctExpertsItsTokensReach() {
        // k = 1 per token; two MoE blocks of 100-parameter experts whose tokens reach 3 and 2.5 experts per image:
        // 1000 active by construction − 1·100 − 1·100 + 300 + 250
        var token = new ModelSpec.Builder("mvmoe-6x64").routing(Routing.LEARNED_TOKEN).build().resolve();
        assertThat(ActivatedParams.perImage(eval(1000, List.of(3.0, 2.5), List.of(300.0, 250.0)), token))
                .isEqualTo(1350);
    }

    @Test
    void perImageRoutingAndDenseModelsActivateWhatTheyCount() {
        var perImage = new ModelSpec.Builder("mvmoe-6x64").k(2).build().resolve();
        assertThat(ActivatedParams.perImage(eval(1000, List.of(2.0), List.of(400.0)), perImage)).isEqualTo(1000);
        assertThat(ActivatedParams.perImage(eval(700, List.of(), List.of()), ModelSpec.of("vit-6x64").resolve()))
                .isEqualTo(700);
    }
}
