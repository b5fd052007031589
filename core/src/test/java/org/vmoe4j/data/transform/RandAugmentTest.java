package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.RandAugmentConfig;
import org.vmoe4j.data.transform.RandAugment.Layer;

/**
 * The draws of RandAugment with DeiT's {@code rand-m9-mstd0.5-inc1} over 40,000 images (fixed
 * seed) against the distributions timm's code defines: ops uniform over its 15-op increasing
 * list, each applied with probability 0.5, magnitudes N(9, 0.5) clipped to [0, 10], signs fair.
 * Tolerances are 4 standard errors (or a chi-square quantile of 0.999).
 */
class RandAugmentTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final int IMAGES = 40_000;

    private static List<Layer> drawMany(RandAugment ra) {
        Random random = new Random(2024);
        List<Layer> all = new java.util.ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            List<Layer> layers = ra.draw(random);
            assertThat(layers).hasSize(2);
            all.addAll(layers);
        }
        return all;
    }

    @Test
    void opsAreUniformOverTimmsIncreasingList() {
        Map<RandAugmentOp, Integer> counts = new EnumMap<>(RandAugmentOp.class);
        for (Layer l : drawMany(new RandAugment(RandAugmentConfig.DEIT, MEAN))) {
            counts.merge(l.op(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(RandAugmentOp.INCREASING);
        double expected = 2.0 * IMAGES / 15;
        double chi2 = counts.values().stream()
                .mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertThat(chi2).isLessThan(36.12); // chi-square, 14 degrees of freedom, 0.999 quantile
    }

    @Test
    void halfTheOpsApplyWithNoisyClippedMagnitudesAndFairSigns() {
        List<Layer> layers = drawMany(new RandAugment(RandAugmentConfig.DEIT, MEAN));
        List<Layer> applied = layers.stream().filter(Layer::applied).toList();
        int n = applied.size();
        assertThat((double) n / layers.size()).isCloseTo(0.5, within(4 * Math.sqrt(0.25 / layers.size())));
        // N(9, 0.5): P(< 8) = Phi(-2), P(< 8.5) = Phi(-1), P(< 9) = 1/2, P(clipped to 10) = Phi(-2)
        double phiMinus2 = 0.022750131948179;
        double phiMinus1 = 0.158655253931457;
        assertFraction(applied, l -> l.magnitude() < 8.0, phiMinus2);
        assertFraction(applied, l -> l.magnitude() < 8.5, phiMinus1);
        assertFraction(applied, l -> l.magnitude() < 9.0, 0.5);
        assertFraction(applied, l -> l.magnitude() == 10.0, phiMinus2);
        assertThat(applied).allMatch(l -> l.magnitude() >= 0 && l.magnitude() <= 10);
        // E[min(X, 10)] for X ~ N(9, 0.5): 9·Phi(2) − 0.5·phi(2) + 10·Phi(−2)
        double mean = applied.stream().mapToDouble(Layer::magnitude).average().orElseThrow();
        assertThat(mean).isCloseTo(8.995755, within(4 * 0.5 / Math.sqrt(n)));
        List<Layer> signed = applied.stream().filter(l -> l.op().signed()).toList();
        assertFraction(signed, Layer::negate, 0.5);
        assertThat(applied).filteredOn(l -> !l.op().signed()).noneMatch(Layer::negate);
        assertThat(layers).filteredOn(l -> !l.applied())
                .allMatch(l -> Double.isNaN(l.magnitude()) && !l.negate());
    }

    private static void assertFraction(List<Layer> layers, java.util.function.Predicate<Layer> p,
                                       double expected) {
        double f = (double) layers.stream().filter(p).count() / layers.size();
        assertThat(f).isCloseTo(expected,
                within(4 * Math.sqrt(expected * (1 - expected) / layers.size())));
    }

    @Test
    void withoutNoiseTheMagnitudeIsFixedAndTheStandardListIsUsed() {
        RandAugment ra = new RandAugment(new RandAugmentConfig(3, 7, 0, false), MEAN);
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            List<Layer> layers = ra.draw(random);
            assertThat(layers).hasSize(3);
            for (Layer l : layers) {
                assertThat(RandAugmentOp.STANDARD).contains(l.op());
                if (l.applied()) {
                    assertThat(l.magnitude()).isEqualTo(7.0);
                }
            }
        }
    }

    @Test
    void applyingRunsTheDrawnLayersInOrderAndIsReproducible() {
        RandAugment ra = new RandAugment(RandAugmentConfig.DEIT, MEAN);
        Image img = TestImages.random(12, 10, 3, 7);
        int changed = 0;
        for (long seed = 0; seed < 50; seed++) {
            Image out = img;
            for (Layer l : ra.draw(new Random(seed))) {
                if (l.applied()) {
                    out = l.op().apply(out, l.op().argument(l.magnitude(), l.negate()),
                            new int[] {124, 116, 104});
                }
            }
            byte[] got = ra.apply(img, new Random(seed)).pixels();
            assertThat(got).isEqualTo(out.pixels());
            assertThat(ra.apply(img, new Random(seed)).pixels()).isEqualTo(got);
            changed += java.util.Arrays.equals(got, img.pixels()) ? 0 : 1;
        }
        // an image is left alone only when neither op applies (1/4) or both are no-ops
        assertThat(changed).isBetween(25, 49);
    }

    @Test
    void aGrayImageBecomesRgbForAThreeChannelMeanAndStaysGrayForOne() {
        Image gray = TestImages.random(8, 8, 1, 3);
        assertThat(new RandAugment(RandAugmentConfig.DEIT, MEAN).apply(gray, new Random(1))
                .channels()).isEqualTo(3);
        assertThat(new RandAugment(RandAugmentConfig.DEIT, new float[] {0.5f})
                .apply(gray, new Random(1)).channels()).isEqualTo(1);
    }
}
