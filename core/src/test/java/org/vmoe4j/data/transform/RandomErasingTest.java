package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.transform.RandomErasing.Box;

/**
 * timm's random erasing with DeiT's settings (p 0.25, area [0.02, 1/3], aspect [0.3, 1/0.3],
 * one box, per-pixel N(0, 1)), checked on its distributions with fixed seeds; tolerances are
 * 4 standard errors.
 */
class RandomErasingTest {
    private static final RandomErasing DEIT = RandomErasing.of(0.25);

    private static List<Box> boxes(RandomErasing erasing, int side, int images) {
        Random random = new Random(11);
        List<Box> out = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            out.add(erasing.sample(side, side, random));
        }
        return out;
    }

    @Test
    void aQuarterOfTheImagesGetOneBoxInsideTheImage() {
        int n = 40_000;
        List<Box> all = boxes(DEIT, 36, n);
        List<Box> erased = all.stream().filter(b -> b != null).toList();
        assertThat((double) erased.size() / n).isCloseTo(0.25, within(4 * Math.sqrt(0.25 * 0.75 / n)));
        for (Box b : erased) {
            assertThat(b.height()).isBetween(1, 35);
            assertThat(b.width()).isBetween(1, 35);
            assertThat(b.top()).isBetween(0, 36 - b.height());
            assertThat(b.left()).isBetween(0, 36 - b.width());
        }
        // placement uniform over the free range: top / (36 - h) averages 1/2
        double meanTop = erased.stream().filter(b -> b.height() < 36)
                .mapToDouble(b -> (double) b.top() / (36 - b.height())).average().orElseThrow();
        assertThat(meanTop).isCloseTo(0.5, within(4 * Math.sqrt(1 / 12.0 / erased.size())));
    }

    @Test
    void areaIsUniformAndAspectLogUniformWithinTheirRanges() {
        int side = 224;
        List<Box> erased = boxes(RandomErasing.of(1.0), side, 20_000).stream()
                .filter(b -> b != null).toList();
        assertThat(erased).hasSize(20_000);
        double logMax = Math.log(1 / 0.3);
        List<Double> moderateAreas = new ArrayList<>();
        double sumLogAspect = 0;
        for (Box b : erased) {
            double area = (double) b.height() * b.width() / (side * side);
            double logAspect = Math.log((double) b.height() / b.width());
            // rounding each side to whole pixels moves the area and the ratio a little
            assertThat(area).isBetween(0.02 * 0.93, 1 / 3.0 * 1.07);
            assertThat(Math.abs(logAspect)).isLessThan(logMax + 0.06);
            sumLogAspect += logAspect;
            if (Math.abs(logAspect) < 0.5) {
                moderateAreas.add(area); // no box of such a shape is ever rejected
            }
        }
        // log-uniform on [-log(1/0.3), log(1/0.3)]: mean 0, sd log(1/0.3)/sqrt(3)
        assertThat(sumLogAspect / erased.size())
                .isCloseTo(0, within(4 * logMax / Math.sqrt(3) / Math.sqrt(erased.size())));
        // uniform on [0.02, 1/3]: mean 0.17667, sd 0.31333/sqrt(12)
        double mean = moderateAreas.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isCloseTo((0.02 + 1 / 3.0) / 2,
                within(4 * (1 / 3.0 - 0.02) / Math.sqrt(12) / Math.sqrt(moderateAreas.size())));
        // and evenly spread: a quarter below its first quartile
        double q1 = 0.02 + (1 / 3.0 - 0.02) / 4;
        double below = moderateAreas.stream().filter(a -> a < q1).count()
                / (double) moderateAreas.size();
        assertThat(below).isCloseTo(0.25, within(4 * Math.sqrt(0.25 * 0.75 / moderateAreas.size())));
    }

    @Test
    void theBoxGetsStandardNormalPixelsInEveryChannelAndNothingElseChanges() {
        int c = 3;
        int side = 32;
        List<Float> noise = new ArrayList<>();
        for (long seed = 0; seed < 400; seed++) {
            float[] x = new float[5 + c * side * side];
            Arrays.fill(x, 7f);
            RandomErasing.of(1.0).apply(x, 5, c, side, side, new Random(seed));
            Box b = RandomErasing.of(1.0).sample(side, side, new Random(seed));
            for (int i = 0; i < 5; i++) {
                assertThat(x[i]).isEqualTo(7f);
            }
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < side; y++) {
                    for (int xx = 0; xx < side; xx++) {
                        float v = x[5 + (ch * side + y) * side + xx];
                        boolean inside = y >= b.top() && y < b.top() + b.height()
                                && xx >= b.left() && xx < b.left() + b.width();
                        if (inside) {
                            noise.add(v);
                        } else {
                            assertThat(v).isEqualTo(7f);
                        }
                    }
                }
            }
        }
        int n = noise.size();
        double mean = noise.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double var = noise.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        double withinOne = noise.stream().filter(v -> Math.abs(v) < 1).count() / (double) n;
        assertThat(mean).isCloseTo(0, within(4 / Math.sqrt(n)));
        assertThat(var).isCloseTo(1, within(4 * Math.sqrt(2.0 / n)));
        assertThat(withinOne).isCloseTo(0.682689, within(4 * Math.sqrt(0.2166 / n)));
    }

    @Test
    void probabilityZeroTakesNoDraw() {
        Random used = new Random(3);
        float[] x = new float[3 * 8 * 8];
        RandomErasing.of(0).apply(x, 0, 3, 8, 8, used);
        assertThat(used.nextLong()).isEqualTo(new Random(3).nextLong());
        assertThat(x).containsOnly(0f);
    }
}
