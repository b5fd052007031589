package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;
import org.vmoe4j.data.BatchMixing.CutBox;

class BatchMixingTest {
    private static final BatchMixing DEIT = new BatchMixing(0.8, 1.0, 0.5, 6);

    private static JsonNode reference() throws IOException {
        try (InputStream in = BatchMixingTest.class.getResourceAsStream(
                "/augment/batch_mixing.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) list.get(i).asDouble();
        }
        return out;
    }

    private static Batch referenceBatch(JsonNode ref) {
        JsonNode shape = ref.get("shape");
        int[] labels = new int[ref.get("labels").size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ref.get("labels").get(i).asInt();
        }
        return new Batch(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt(),
                shape.get(3).asInt(), floats(ref.get("pixels")), labels);
    }

    /** Against torch, as timm's Mixup computes it (tools/make_augment_reference.py). */
    @Test
    void mixupMatchesTorchExactly() throws IOException {
        JsonNode ref = reference();
        Batch batch = referenceBatch(ref);
        JsonNode mixup = ref.get("mixup");
        Batch mixed = DEIT.mixup(batch, mixup.get("lambda").asDouble());
        assertThat(mixed.pixels()).isEqualTo(floats(mixup.get("pixels")));
        assertThat(mixed.targets()).isEqualTo(floats(mixup.get("targets")));
        assertThat(mixed.labels()).isEqualTo(batch.labels());
        // labels [3, 1, 4, 1, 0]: image 1 and its mirror 3 share class 1, so its row is
        // lambda + (1 - lambda) in float, the middle image 2 mixes with itself
        float[] row1 = Arrays.copyOfRange(mixed.targets(), 6, 12);
        assertThat(row1[1]).isEqualTo((float) 0.3141592653589793 + (float) (1 - 0.3141592653589793));
    }

    @Test
    void cutmixMatchesTorchExactly() throws IOException {
        JsonNode ref = reference();
        Batch batch = referenceBatch(ref);
        JsonNode cut = ref.get("cutmix");
        CutBox box = BatchMixing.box(batch.height(), batch.width(), cut.get("lambda").asDouble(),
                cut.get("cy").asInt(), cut.get("cx").asInt());
        JsonNode b = cut.get("box");
        assertThat(new int[] {box.yl(), box.yh(), box.xl(), box.xh()}).containsExactly(
                b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt());
        assertThat(box.lambda()).isEqualTo(cut.get("corrected").asDouble());
        Batch mixed = DEIT.cutmix(batch, box);
        assertThat(mixed.pixels()).isEqualTo(floats(cut.get("pixels")));
        assertThat(mixed.targets()).isEqualTo(floats(cut.get("targets")));
    }

    @Test
    void cutmixBoxWorkedExamples() {
        // 10x10, lambda 0.64: sides int(10 * 0.6) = 6, centre (1, 8): rows clip(1 - 3, 1 + 3)
        // = [0, 4), columns clip(8 - 3, 8 + 3) = [5, 10): 20 pixels, lambda 1 - 20/100 = 0.8
        assertThat(BatchMixing.box(10, 10, 0.64, 1, 8)).isEqualTo(new CutBox(0, 4, 5, 10, 0.8));
        // 8x6, lambda 0.75: sides int(8 * 0.5) = 4 and int(6 * 0.5) = 3, half-sides 2 and 1,
        // centre (4, 3): rows [2, 6), columns [2, 4): 8 pixels, lambda 1 - 8/48
        assertThat(BatchMixing.box(8, 6, 0.75, 4, 3)).isEqualTo(new CutBox(2, 6, 2, 4, 1 - 8 / 48.0));
        // lambda 1: an empty box and nothing mixed
        assertThat(BatchMixing.box(8, 6, 1.0, 4, 3).lambda()).isEqualTo(1.0);
    }

    /** Image i of 8 is 2x5x5 filled with 10·(i+1), label i. */
    private static Batch tagged() {
        int n = 8;
        float[] pixels = new float[n * 50];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 50, (i + 1) * 50, 10f * (i + 1));
            labels[i] = i;
        }
        return new Batch(n, 2, 5, 5, pixels, labels);
    }

    @Test
    void halfTheBatchesAreCutMixAndLambdaFollowsItsBetaDistribution() {
        BatchMixing mixing = new BatchMixing(0.8, 1.0, 0.5, 8);
        Batch batch = tagged();
        int n = 20_000;
        int cut = 0;
        double sum = 0;
        double sumSq = 0;
        int mixups = 0;
        Random random = new Random(77);
        for (int t = 0; t < n; t++) {
            Batch m = mixing.apply(batch, random);
            float lambda = m.targets()[0];
            assertThat(m.targets()[7]).isEqualTo((float) (1 - (double) lambda), within(1e-6f));
            float[] first = Arrays.copyOf(m.pixels(), 50);
            long kept = 0;
            long copied = 0;
            for (float v : first) {
                kept += v == 10f ? 1 : 0;
                copied += v == 80f ? 1 : 0;
            }
            if (kept + copied == 50) {
                cut++; // CutMix: the target lambda is the share of pixels kept
                assertThat(lambda).isEqualTo((float) (1 - copied / 25.0 / 2));
            } else {
                mixups++; // mixup: every pixel is 10·lambda + 80·(1 − lambda), as the targets say
                assertThat(first).containsOnly(10f * lambda + 80f * m.targets()[7]);
                sum += lambda;
                sumSq += (double) lambda * lambda;
            }
        }
        assertThat((double) cut / n).isCloseTo(0.5, within(4 * Math.sqrt(0.25 / n)));
        // Beta(0.8, 0.8): mean 1/2, variance 0.8^2 / (1.6^2 · 2.6) = 0.0961538
        double mean = sum / mixups;
        double var = sumSq / mixups - mean * mean;
        assertThat(mean).isCloseTo(0.5, within(4 * Math.sqrt(0.0961538 / mixups)));
        assertThat(var).isCloseTo(0.0961538, within(0.006));
    }

    @Test
    void withOneAlphaZeroOnlyTheOtherIsUsed() {
        Random random = new Random(4);
        for (int t = 0; t < 200; t++) {
            float[] mixupOnly = new BatchMixing(0.8, 0, 0.5, 8).apply(tagged(), random).pixels();
            float v = mixupOnly[0];
            assertThat(Arrays.copyOf(mixupOnly, 50)).containsOnly(v);
            float[] cutOnly = new BatchMixing(0, 1.0, 0.5, 8).apply(tagged(), random).pixels();
            assertThat(Arrays.copyOf(cutOnly, 50)).containsAnyOf(10f, 80f).doesNotContain(45f);
        }
    }

    @Test
    void refusesBadSettingsAndLabels() {
        assertThat(BatchMixing.NONE.enabled()).isFalse();
        assertThatThrownBy(() -> new BatchMixing(-1, 1, 0.5, 10)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> new BatchMixing(0.8, 1, 1.5, 10)).isInstanceOf(UserError.class)
                .hasMessage("mixup/CutMix switch probability must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new BatchMixing(0.8, 0, 0.5, 0)).isInstanceOf(UserError.class)
                .hasMessage("mixup/CutMix needs the number of classes, got 0");
        assertThatThrownBy(() -> new BatchMixing(0.8, 1, 0.5, 5).mixup(tagged(), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 7 not in 0..4 of the mixing targets");
    }
}
