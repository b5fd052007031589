package org.vmoe4j.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.ModelSpec;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.Routing;
import org.vmoe4j.config.VitConfig;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/** The arms each ablation trains: names, models, super-class sources, and FLOP-matched dense baselines. */
class AblationTest {
    private static final StudySetup SETUP = StudyPlanTest.SETUP;
    private static final ModelSpec BASE = ModelSpec.of("mvmoe-6x64");

    private static List<StudyArm> arms(Ablation ablation, ModelSpec base, Integer... values) {
        List<StudyArm> arms = ablation.arms(base, List.of(values), SETUP);
        new StudyPlan(ablation.word(), "fashion-mnist-sample", "quick", arms).validate();
        return arms;
    }

    private static VitConfig vit(StudyArm arm) {
        return (VitConfig) arm.model().resolve();
    }

    @Test
    void fig3bDiscoversSuperClassesForEachExpertCountFromTheDenseTwin() {
        List<StudyArm> arms = arms(Ablation.FIG3B, BASE);
        assertThat(arms).extracting(StudyArm::name).containsExactly("vit-6x64", "mvmoe-6x64-e5", "mvmoe-6x64-e10",
                "mvmoe-6x64-e20");
        assertThat(arms.subList(1, 4)).extracting(a -> vit(a).moe().experts()).containsExactly(5, 10, 20);
        assertThat(arms.subList(1, 4)).extracting(StudyArm::groupsFrom).containsOnly("vit-6x64");
        assertThat(vit(arms.get(1)).imageSize()).isEqualTo(32);
    }

    @Test
    void fig3cVariesTheMoeLayersAtTheStudysExpertCount() {
        List<StudyArm> arms = arms(Ablation.FIG3C, BASE, 1, 2, 4);
        assertThat(arms.subList(1, 4)).extracting(a -> vit(a).moe().layers()).containsExactly(1, 2, 4);
        assertThat(arms.subList(1, 4)).extracting(a -> vit(a).moe().experts()).containsOnly(5);
        assertThatThrownBy(() -> arms(Ablation.FIG3C, BASE, 8)).isInstanceOf(UserError.class)
                .hasMessageContaining("exceed the depth");
    }

    /** MV Fig. 3d: each k against a dense twin of the same FLOPs (its router aside). */
    @Test
    void fig3dPairsEachKWithAFlopMatchedDenseTwin() {
        List<StudyArm> arms = arms(Ablation.FIG3D, BASE);
        assertThat(arms).extracting(StudyArm::name).containsExactly("vit-6x64", "mvmoe-6x64-k1", "vit-6x64-k2",
                "mvmoe-6x64-k2", "vit-6x64-k3", "mvmoe-6x64-k3");
        for (int i = 0; i < arms.size(); i += 2) {
            assertThat(arms.get(i).setting()).isEqualTo(arms.get(i + 1).setting());
            assertThat((double) flops(arms.get(i)) / flops(arms.get(i + 1))).isCloseTo(1, within(0.01));
        }
    }

    @Test
    void fig3eComparesTheFiveRoutingsAtKTwo() {
        List<StudyArm> arms = arms(Ablation.FIG3E, BASE);
        assertThat(arms).extracting(StudyArm::setting).containsExactly("dense (groups)", "dense",
                "super-class", "random classes", "learned image", "learned token");
        assertThat(vit(arms.get(1)).denseK().k()).isEqualTo(2);
        List<MoeConfig> moes = arms.subList(2, 6).stream().map(a -> vit(a).moe()).toList();
        assertThat(moes).extracting(MoeConfig::k).containsOnly(2);
        assertThat(moes).extracting(MoeConfig::router).containsExactly(MoeConfig.Router.IMAGE_MEAN,
                MoeConfig.Router.IMAGE_MEAN, MoeConfig.Router.IMAGE_MEAN, MoeConfig.Router.TOKEN);
        assertThat(arms.subList(2, 6)).extracting(a -> a.model().effectiveRouting()).containsExactly(
                Routing.SUPERCLASS, Routing.SUPERCLASS, Routing.LEARNED_IMAGE, Routing.LEARNED_TOKEN);
        assertThat(arms).extracting(StudyArm::groupsFrom).containsExactly(null, null, "vit-6x64", null, null, null);
        assertThat(arms.get(3).train().superclasses()).isEqualTo("random");
    }

    @Test
    void table9TrainsTheThreeSharingVariants() {
        List<StudyArm> arms = arms(Ablation.TABLE9, ModelSpec.of("mlit-xxs"));
        assertThat(arms).extracting(a -> ((MlitConfig) a.model().resolve()).sharing())
                .containsExactly(ExpertSharing.values());
        assertThat(arms).extracting(StudyArm::name).containsExactly("mlit-xxs-v-w2", "mlit-xxs-v-w", "mlit-xxs-w-w2");
    }

    @Test
    void anAblationRefusesAModelOfTheWrongFamilyAndValuesItDoesNotVary() {
        assertThatThrownBy(() -> Ablation.FIG3B.arms(ModelSpec.of("vit-6x64"), List.of(), SETUP))
                .isInstanceOf(UserError.class).hasMessageContaining("mvmoe");
        assertThatThrownBy(() -> Ablation.TABLE9.arms(BASE, List.of(), SETUP)).hasMessageContaining("mlit");
        assertThatThrownBy(() -> Ablation.FIG3E.arms(BASE, List.of(3), SETUP)).hasMessageContaining("--values");
    }

    private static long flops(StudyArm arm) {
        try (Model model = Models.build(arm.model().resolve(), 0)) {
            return model.totalCost().flops();
        }
    }
}
