package org.vmoe4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmoe4j.data.RandAugmentConfig;
import org.vmoe4j.data.transform.AutoAugmentPolicy;

/** The published recipes: DeiT's and ViT's settings and peaks, and MV §3.1's choice between them by width. */
class RecipesTest {
    @Test
    void deitIsDeitsPublishedRecipeWithItsPeakLearningRate() {
        TrainConfig deit = Recipes.get("deit");
        // DeiT: lr 5e-4 · batch / 512; Eq. 17 scales by / 256, so the recipe's base is half DeiT's 5e-4
        assertThat(deit.peakLr()).isCloseTo(5e-4 * 1024 / 512, within(1e-12));
        assertThat(deit.toBuilder().batchSize(128).build().peakLr()).isCloseTo(5e-4 * 128 / 512, within(1e-12));
        assertThat(deit.weightDecay()).isEqualTo(0.05);
        assertThat(deit.warmupEpochs()).isEqualTo(5);
        assertThat(deit.epochs()).isEqualTo(300);
        assertThat(deit.labelSmoothing()).isEqualTo(0.1);
        assertThat(deit.randAugment()).isEqualTo(RandAugmentConfig.parse("rand-m9-mstd0.5-inc1"));
        assertThat(deit.autoAugment()).isEqualTo(AutoAugmentPolicy.NONE);
        assertThat(new double[] {deit.mixup(), deit.cutmix(), deit.randomErasing(), deit.dropPath()})
                .containsExactly(0.8, 1.0, 0.25, 0.1);
        assertThat(deit.normalization().mean(3)).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(deit.normalization().std(3)).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(deit.layerDecay()).isEqualTo(1);
    }

    @Test
    void vitIsTheViTPapersImageNetRecipe() {
        TrainConfig vit = Recipes.get("vit");
        assertThat(vit.peakLr()).isCloseTo(3e-3, within(1e-12)); // at batch 4096
        assertThat(vit.weightDecay()).isEqualTo(0.3);
        assertThat(vit.randAugment()).isNull();
        assertThat(vit.mixup() + vit.cutmix() + vit.labelSmoothing() + vit.dropPath() + vit.randomErasing()).isZero();
        assertThat(vit.normalization()).isEqualTo(Normalization.HALF);
    }

    /** MV §3.1: DeiT's recipe for hidden sizes 384 and 192, the standard ViT recipe for 96 and 64. */
    @ParameterizedTest
    @CsvSource({"mvmoe-12x384, deit", "vit-6x384, deit", "mvmoe-9x192, deit", "vit-12x192, deit", "deit-ti, deit",
        "mvmoe-6x96, vit", "vit-12x64, vit", "mvmoe-9x64, vit"})
    void mvChoosesByWidth(String preset, String expected) {
        assertThat(Recipes.forModel("mv", ModelPresets.get(preset).config())).isEqualTo(Recipes.get(expected));
    }

    @Test
    void mvNeedsTheModelAndUnknownRecipesAreNamed() {
        assertThatThrownBy(() -> Recipes.get("mv")).hasMessageContaining("width");
        assertThatThrownBy(() -> Recipes.get("deit3")).hasMessageContaining("deit3").hasMessageContaining("vit");
    }

    @Test
    void normalisationOfOneChannelIsTheLumaOfTheThree() {
        assertThat(Normalization.HALF.mean(1)).containsExactly(0.5f);
        assertThat(Normalization.IMAGENET.mean(1)[0]).isCloseTo(0.299f * 0.485f + 0.587f * 0.456f + 0.114f * 0.406f,
                within(1e-6f));
    }
}
