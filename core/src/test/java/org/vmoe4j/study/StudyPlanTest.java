package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Recipes;
import org.vmoe4j.config.VitConfig;

class StudyPlanTest {
    static final StudySetup SETUP = new StudySetup(32, 4, 5, model -> Recipes.get("quick"));

    private static StudyPlan plan(List<String> models, StudySetup setup) {
        return StudyPlan.comparing(models, "fashion-mnist-sample", "quick", setup, null, null, null);
    }

    @Test
    void eachMobileVMoeTrainsRightAfterItsDenseTwinWhichIsAddedWhenMissing() {
        assertThat(plan(List.of("mvmoe-6x64", "vit-9x96", "mvmoe-9x96", "vit-6x64"), SETUP).arms())
                .extracting(StudyArm::name).containsExactly("vit-6x64", "mvmoe-6x64", "vit-9x96", "mvmoe-9x96");
        assertThat(plan(List.of("vit-12x192", "deit-ti"), SETUP).arms()).extracting(StudyArm::name)
                .containsExactly("vit-12x192", "deit-ti");
        assertThat(plan(List.of("mvmoe-6x64"), SETUP).arms()).extracting(StudyArm::groupsFrom)
                .containsExactly(null, "vit-6x64");
    }

    @Test
    void everyModelGetsTheStudysInputAndOnlyMixturesGetTheExpertCount() {
        StudyPlan plan = plan(List.of("mvmoe-6x64"), new StudySetup(32, 4, 3, model -> Recipes.get("quick")));
        VitConfig dense = (VitConfig) plan.arms().get(0).model().resolve();
        VitConfig moe = (VitConfig) plan.arms().get(1).model().resolve();
        assertThat(moe.moe().experts()).isEqualTo(3);
        assertThat(dense.moe()).isNull();
        assertThat(List.of(moe.imageSize(), moe.patchSize(), dense.imageSize(), dense.patchSize())).containsExactly(32, 4, 32, 4);
    }

    @Test
    void kAndDenseKMakeAFlopMatchedComparison() {
        StudyPlan plan = StudyPlan.comparing(List.of("mvmoe-6x64"), "fashion-mnist-sample", "quick", SETUP, 2, 2, null);
        assertThat(((VitConfig) plan.arms().get(0).model().resolve()).denseK().k()).isEqualTo(2);
        assertThat(((VitConfig) plan.arms().get(1).model().resolve()).moe().k()).isEqualTo(2);
    }

    @Test
    void eachArmGetsTheScheduleOfItsOwnModel() {
        StudySetup mv = new StudySetup(32, 4, 5, model -> Recipes.forModel("mv", model.resolve()));
        StudyPlan plan = plan(List.of("mvmoe-6x64", "mvmoe-6x192"), mv);
        assertThat(plan.arms()).extracting(StudyArm::train).containsExactly(Recipes.get("vit"), Recipes.get("vit"),
                Recipes.get("deit"), Recipes.get("deit"));
    }

    @Test
    void plansThatCannotRunAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> plan(List.of(), SETUP).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("--models");
        assertThatThrownBy(() -> plan(List.of("mlit-xxs"), SETUP)).isInstanceOf(UserError.class)
                .hasMessageContaining("'mlit-xxs'");
        assertThatThrownBy(() -> plan(List.of("vit-7x64"), SETUP)).isInstanceOf(UserError.class)
                .hasMessageContaining("'vit-7x64'");
        StudySetup oneExpert = new StudySetup(32, 4, 1, model -> Recipes.get("quick"));
        assertThatThrownBy(() -> plan(List.of("mvmoe-6x64"), oneExpert).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("--experts");
        StudySetup noValidation = new StudySetup(32, 4, 5,
                model -> Recipes.get("quick").toBuilder().valFraction(0.0).build());
        assertThatThrownBy(() -> plan(List.of("mvmoe-6x64"), noValidation).validate()).isInstanceOf(UserError.class)
                .hasMessageContaining("--val-fraction");
        StudyPlan outOfOrder = new StudyPlan(null, "fashion-mnist-sample", "quick",
                List.of(plan(List.of("mvmoe-6x64"), SETUP).arms().get(1)));
        assertThatThrownBy(outOfOrder::validate).isInstanceOf(UserError.class).hasMessageContaining("vit-6x64");
    }
}
