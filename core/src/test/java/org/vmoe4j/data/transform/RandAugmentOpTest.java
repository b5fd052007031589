package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

/**
 * Every RandAugment op against {@code tools/make_augment_reference.py}: timm's level-to-argument
 * formulas written out independently in Python and applied through Pillow 9.4 (bicubic, fill
 * round(255 · mean)) on a 17×19 RGB and a 16×18 gray image, at magnitudes 0 to 10 and both
 * signs. Arguments must agree exactly and images byte for byte.
 */
class RandAugmentOpTest {

    private static JsonNode reference() throws IOException {
        try (InputStream in = RandAugmentOpTest.class.getResourceAsStream(
                "/augment/rand_augment_ops.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Image image(JsonNode spec, String pixels) {
        return new Image(spec.get("height").asInt(), spec.get("width").asInt(),
                spec.get("channels").asInt(), Base64.getDecoder().decode(pixels));
    }

    @Test
    void everyOpMatchesPillowAtEveryMagnitudeAndSign() throws IOException {
        JsonNode ref = reference();
        Map<String, Image> inputs = new HashMap<>();
        Map<String, int[]> fills = new HashMap<>();
        ref.get("images").fields().forEachRemaining(e -> {
            inputs.put(e.getKey(), image(e.getValue(), e.getValue().get("pixels").asText()));
            int[] fill = new int[e.getValue().get("fill").size()];
            for (int c = 0; c < fill.length; c++) {
                fill[c] = e.getValue().get("fill").get(c).asInt();
            }
            fills.put(e.getKey(), fill);
        });
        Set<RandAugmentOp> seen = EnumSet.noneOf(RandAugmentOp.class);
        int cases = 0;
        for (JsonNode c : ref.get("cases")) {
            String name = c.get("image").asText();
            RandAugmentOp op = RandAugmentOp.valueOf(c.get("op").asText());
            double arg = op.argument(c.get("magnitude").asDouble(), c.get("negate").asBoolean());
            String what = op + " m=" + c.get("magnitude") + " negate=" + c.get("negate") + " on "
                    + name;
            assertThat(arg).as(what).isEqualTo(c.get("argument").asDouble());
            Image expected = image(ref.get("images").get(name), c.get("pixels").asText());
            assertThat(op.apply(inputs.get(name), arg, fills.get(name)).pixels()).as(what)
                    .isEqualTo(expected.pixels());
            seen.add(op);
            cases++;
        }
        assertThat(seen).containsExactlyInAnyOrder(RandAugmentOp.values());
        assertThat(cases).isEqualTo(2 * 6 * (12 + 2 * 9));
    }

    @Test
    void theFillIsTheRoundedMeanColour() throws IOException {
        JsonNode ref = reference();
        for (JsonNode spec : ref.get("images")) {
            float[] mean = new float[spec.get("mean").size()];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (float) spec.get("mean").get(c).asDouble();
            }
            int[] fill = RandAugment.fill(mean);
            for (int c = 0; c < mean.length; c++) {
                assertThat(fill[c]).isEqualTo(spec.get("fill").get(c).asInt());
            }
        }
    }

    @Test
    void theOpListsAreTimms() {
        assertThat(RandAugmentOp.INCREASING).hasSize(15).doesNotHaveDuplicates()
                .contains(RandAugmentOp.POSTERIZE_INCREASING, RandAugmentOp.SOLARIZE_INCREASING,
                        RandAugmentOp.SOLARIZE_ADD, RandAugmentOp.TRANSLATE_Y_REL)
                .doesNotContain(RandAugmentOp.POSTERIZE, RandAugmentOp.COLOR);
        assertThat(RandAugmentOp.STANDARD).hasSize(15).doesNotHaveDuplicates()
                .doesNotContain(RandAugmentOp.SHARPNESS_INCREASING);
        // DeiT's magnitude 9 without noise: posterize keeps 4 - int(3.6) = 1 bit, solarize
        // inverts from 256 - int(230.4) = 26 on, solarize-add adds int(99.0) = 99
        assertThat(RandAugmentOp.POSTERIZE_INCREASING.argument(9, false)).isEqualTo(1);
        assertThat(RandAugmentOp.SOLARIZE_INCREASING.argument(9, false)).isEqualTo(26);
        assertThat(RandAugmentOp.SOLARIZE_ADD.argument(9, true)).isEqualTo(99);
        assertThat(RandAugmentOp.ROTATE.argument(9, true)).isEqualTo(-27.0);
    }
}
