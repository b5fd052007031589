package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.VitConfig;

class StudyPlanTest {
    private static StudyPlan plan(List<String> models, int experts) {
        return new StudyPlan(models, "fashion-mnist-sample", "quick", Recipes.get("quick"), 32, 4, experts);
    }

    @Test
    void eachMobileVMoeTrainsRightAfterItsDenseTwinWhichIsAddedWhenMissing() {
        assertThat(plan(List.of("mvmoe-6x64", "vit-9x96", "mvmoe-9x96", "vit-6x64"), 5).trainingOrder())
                .containsExactly("vit-6x64", "mvmoe-6x64", "vit-9x96", "mvmoe-9x96");
        assertThat(plan(List.of("vit-12x192", "deit-ti"), 5).trainingOrder()).containsExactly("vit-12x192", "deit-ti");
    }

    @Test
    void everyModelGetsTheStudysInputAndOnlyMixturesGetTheExpertCount() {
        StudyPlan plan = plan(List.of("mvmoe-6x64"), 3);
        VitConfig moe = (VitConfig) plan.spec("mvmoe-6x64").resolve();
        VitConfig dense = (VitConfig) plan.spec("vit-6x64").resolve();
        assertThat(moe.moe().experts()).isEqualTo(3);
        assertThat(dense.moe()).isNull();
        assertThat(List.of(moe.imageSize(), moe.patchSize(), dense.imageSize(), dense.patchSize())).containsExactly(32, 4, 32, 4);
    }

    @Test
    void plansThatCannotRunAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> plan(List.of(), 5).validate()).isInstanceOf(UserError.class).hasMessageContaining("--models");
        assertThatThrownBy(() -> plan(List.of("mlit-xxs"), 5).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("'mlit-xxs'");
        assertThatThrownBy(() -> plan(List.of("vit-7x64"), 5).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("'vit-7x64'");
        assertThatThrownBy(() -> plan(List.of("mvmoe-6x64"), 1).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("--experts");
        StudyPlan noValidation = new StudyPlan(List.of("mvmoe-6x64"), "fashion-mnist-sample", "quick",
                Recipes.get("quick").toBuilder().valFraction(0.0).build(), 32, 4, 5);
        assertThatThrownBy(noValidation::validate).isInstanceOf(UserError.class).hasMessageContaining("--val-fraction");
    }
}
