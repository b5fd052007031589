package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;

class ValidationSplitTest {

    /** n 1x1 images whose pixel is the index (mod 256) and whose label is i % classes. */
    static InMemoryImageSource source(int n, int classes) {
        byte[] px = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) i;
            labels[i] = i % classes;
        }
        return new InMemoryImageSource(1, 1, 1, px, labels);
    }

    /** Original indices of a subset, recovered from labels and pixels of a source of < 256 images. */
    static int[] ids(ImageSource s) {
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.image(i).at(0, 0, 0);
        }
        return out;
    }

    @Test
    void holdsOutTheRoundedFractionAndRemovesItFromTrain() {
        ValidationSplit split = ValidationSplit.carve(source(200, 7), 0.15, 3);
        assertThat(split.val().size()).isEqualTo(30);
        assertThat(split.train().size()).isEqualTo(170);
        Set<Integer> all = new HashSet<>();
        for (int i : ids(split.train())) {
            all.add(i);
        }
        for (int i : ids(split.val())) {
            assertThat(all.add(i)).as("image %d in both splits", i).isTrue();
        }
        assertThat(all).hasSize(200);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        InMemoryImageSource src = source(200, 4);
        int[] a = ids(ValidationSplit.carve(src, 0.2, 42).val());
        int[] b = ids(ValidationSplit.carve(src, 0.2, 42).val());
        int[] c = ids(ValidationSplit.carve(src, 0.2, 43).val());
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a).isSorted();
    }

    @Test
    void labelsFollowTheirImages() {
        ValidationSplit split = ValidationSplit.carve(source(100, 3), 0.3, 1);
        int[] ids = ids(split.val());
        for (int i = 0; i < ids.length; i++) {
            assertThat(split.val().label(i)).isEqualTo(ids[i] % 3);
        }
    }

    @Test
    void everyClassGivesUpItsShare() {
        ValidationSplit split = ValidationSplit.carve(source(1000, 10), 0.1, 5);
        assertThat(ImageSources.classCounts(split.val(), 10)).containsOnly(10);
        // uneven classes: 3 classes of 50, 30, 20 images, 10% -> 5, 3, 2
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
        }
        ImageSource uneven = new InMemoryImageSource(1, 1, 1, new byte[100], labels);
        assertThat(ImageSources.classCounts(ValidationSplit.carve(uneven, 0.1, 0).val(), 3)).containsExactly(5, 3, 2);
    }

    @Test
    void quotasSumExactlyToTheTotal() {
        assertThat(ValidationSplit.quotas(new int[] {3, 3, 3}, 4, 9)).containsExactly(2, 1, 1);
        assertThat(ValidationSplit.quotas(new int[] {1, 0, 5}, 2, 6)).containsExactly(0, 0, 2);
    }

    @Test
    void zeroFractionGivesAnEmptyValidationSplit() {
        ValidationSplit split = ValidationSplit.carve(source(10, 2), 0, 0);
        assertThat(split.val().size()).isZero();
        assertThat(split.train().size()).isEqualTo(10);
    }

    @Test
    void tinyFractionStillHoldsOutOneImageAndLeavesOneForTraining() {
        assertThat(ValidationSplit.carve(source(10, 2), 0.01, 0).val().size()).isEqualTo(1);
        assertThat(ValidationSplit.carve(source(2, 2), 0.9, 0).train().size()).isEqualTo(1);
    }

    @Test
    void fractionOutsideZeroToOneIsAUserError() {
        assertThatThrownBy(() -> ValidationSplit.carve(source(10, 2), 1.0, 0)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> ValidationSplit.carve(source(10, 2), -0.1, 0)).isInstanceOf(UserError.class);
    }

    @Test
    void keepsTheShapeKnownThroughSubsets() {
        ValidationSplit split = ValidationSplit.carve(new InMemoryImageSource(2, 3, 1, new byte[60], new int[10]), 0.2, 0);
        assertThat(ImageSources.fixedShape(split.train())).contains(new ImageSources.Shape(2, 3, 1));
    }
}
