package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.transform.RandomResizedCrop.Box;

class RandomResizedCropTest {

    @Test
    void boxesRespectTheScaleAndRatioRanges() {
        RandomResizedCrop rrc = RandomResizedCrop.of(36, 0.6, 1.0);
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            Box b = rrc.sample(32, 32, r);
            assertThat(b.top()).isBetween(0, 32 - b.height());
            assertThat(b.left()).isBetween(0, 32 - b.width());
            double area = (double) b.height() * b.width() / (32 * 32);
            // width and height are rounded, so allow one pixel each way
            double slack = (double) (b.height() + b.width() + 1) / (32 * 32);
            assertThat(area).isBetween(0.6 - slack, 1.0 + slack);
            double ratio = (double) b.width() / b.height();
            // sides are at least 21 pixels here, so rounding moves the ratio by < 0.1
            assertThat(ratio).isBetween(3.0 / 4 - 0.1, 4.0 / 3 + 0.1);
        }
    }

    @Test
    void fallsBackToACentreCropClampedToTheRatioRange() {
        // 2 x 100: no box of >= 60% area with ratio <= 4/3 fits in 2 rows, so after 10 attempts
        // torchvision takes h = 2, w = round(2 * 4/3) = 3, centred: left = (100 - 3) / 2 = 48
        RandomResizedCrop rrc = RandomResizedCrop.of(4, 0.6, 1.0);
        assertThat(rrc.sample(2, 100, new Random(3))).isEqualTo(new Box(0, 48, 2, 3));
        // tall image: w = 2, h = round(2 / (3/4)) = 3, top = (100 - 3) / 2 = 48
        assertThat(rrc.sample(100, 2, new Random(3))).isEqualTo(new Box(48, 0, 3, 2));
    }

    @Test
    void fullScaleSquareRatioTakesTheWholeImage() {
        RandomResizedCrop rrc = new RandomResizedCrop(5, 1.0, 1.0, 1.0, 1.0);
        assertThat(rrc.sample(10, 10, new Random(0))).isEqualTo(new Box(0, 0, 10, 10));
    }

    @Test
    void outputHasTheRequestedSizeAndIsReproducible() {
        Image img = TestImages.random(32, 32, 3, 5);
        RandomResizedCrop rrc = RandomResizedCrop.of(36, 0.8, 1.0);
        Image a = rrc.apply(img, new Random(42));
        Image b = rrc.apply(img, new Random(42));
        assertThat(a.height()).isEqualTo(36);
        assertThat(a.width()).isEqualTo(36);
        assertThat(a.channels()).isEqualTo(3);
        assertThat(a.pixels()).isEqualTo(b.pixels());
    }
}
