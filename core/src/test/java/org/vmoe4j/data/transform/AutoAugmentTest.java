package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.transform.AutoAugmentPolicy.Step;
import org.vmoe4j.data.transform.AutoAugmentPolicy.SubPolicy;

class AutoAugmentTest {

    @Test
    void policiesHaveTwentyFiveSubPoliciesOfValidSteps() {
        for (AutoAugmentPolicy p : new AutoAugmentPolicy[] {
            AutoAugmentPolicy.CIFAR10, AutoAugmentPolicy.SVHN}) {
            assertThat(p.subPolicies()).hasSize(25);
            for (SubPolicy s : p.subPolicies()) {
                for (Step step : new Step[] {s.first(), s.second()}) {
                    assertThat(step.probability()).isBetween(0.0, 1.0);
                    assertThat(step.bin() >= 0).isEqualTo(step.op().hasMagnitude());
                }
            }
        }
        assertThat(AutoAugmentPolicy.NONE.subPolicies()).isEmpty();
        // spot checks against torchvision's tables
        assertThat(AutoAugmentPolicy.CIFAR10.subPolicies().get(0).second())
                .isEqualTo(new Step(AutoAugmentOp.CONTRAST, 0.2, 6));
        assertThat(AutoAugmentPolicy.SVHN.subPolicies().get(24).first())
                .isEqualTo(new Step(AutoAugmentOp.SHEAR_X, 0.7, 2));
    }

    @Test
    void magnitudeTablesMatchTorchvision() {
        int[] posterize = new int[10];
        for (int b = 0; b < 10; b++) {
            posterize[b] = (int) AutoAugmentOp.POSTERIZE.magnitude(b, 32, 32);
        }
        assertThat(posterize).containsExactly(8, 8, 7, 7, 6, 6, 5, 5, 4, 4);
        assertThat(AutoAugmentOp.SOLARIZE.magnitude(0, 32, 32)).isEqualTo(255.0);
        assertThat(AutoAugmentOp.SOLARIZE.magnitude(9, 32, 32)).isEqualTo(0.0);
        assertThat(AutoAugmentOp.SOLARIZE.magnitude(2, 32, 32)).isCloseTo(198.333, within(1e-3));
        assertThat(AutoAugmentOp.SHEAR_X.magnitude(9, 32, 32)).isEqualTo((double) 0.3f);
        assertThat(AutoAugmentOp.ROTATE.magnitude(3, 32, 32)).isCloseTo(10.0, within(1e-5));
        assertThat(AutoAugmentOp.COLOR.magnitude(0, 32, 32)).isZero();
        // 150/331 of the width (x) or height (y): 14.50 for 32 pixels, 12.69 for 28
        assertThat(AutoAugmentOp.TRANSLATE_X.magnitude(9, 28, 32)).isCloseTo(14.50, within(0.01));
        assertThat(AutoAugmentOp.TRANSLATE_Y.magnitude(9, 28, 32)).isCloseTo(12.69, within(0.01));
        assertThat(AutoAugmentOp.INVERT.magnitude(-1, 32, 32)).isZero();
    }

    @Test
    void everyStepOfEveryPolicyAppliesToRgbAndGrayWithBothSigns() {
        Image[] images = {
            TestImages.random(32, 32, 3, 1), TestImages.random(28, 28, 1, 2),
            TestImages.random(4, 3, 3, 3), TestImages.random(2, 2, 1, 4)};
        for (AutoAugmentPolicy p : new AutoAugmentPolicy[] {
            AutoAugmentPolicy.CIFAR10, AutoAugmentPolicy.SVHN}) {
            for (SubPolicy s : p.subPolicies()) {
                for (Image img : images) {
                    for (boolean negative : new boolean[] {false, true}) {
                        assertThatCode(() -> {
                            Image out = AutoAugment.applyStep(
                                    AutoAugment.applyStep(img, s.first(), negative),
                                    s.second(), !negative);
                            assertThat(out.height()).isEqualTo(img.height());
                            assertThat(out.width()).isEqualTo(img.width());
                            assertThat(out.channels()).isEqualTo(img.channels());
                        }).as("%s %s on %dx%dx%d", p, s, img.height(), img.width(),
                                img.channels()).doesNotThrowAnyException();
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameImageDifferentSeedsDiffer() {
        Image img = TestImages.random(32, 32, 3, 5);
        AutoAugment aa = new AutoAugment(AutoAugmentPolicy.CIFAR10);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(aa.apply(img, new Random(seed)).pixels())
                    .isEqualTo(aa.apply(img, new Random(seed)).pixels());
        }
        int distinct = 0;
        byte[] first = aa.apply(img, new Random(0)).pixels();
        for (long seed = 1; seed < 20; seed++) {
            distinct += java.util.Arrays.equals(first, aa.apply(img, new Random(seed)).pixels())
                    ? 0 : 1;
        }
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void noneLeavesTheImageAlone() {
        Image img = TestImages.random(5, 5, 3, 6);
        assertThat(new AutoAugment(AutoAugmentPolicy.NONE).apply(img, new Random(1))).isSameAs(img);
    }
}
