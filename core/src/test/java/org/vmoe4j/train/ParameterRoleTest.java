package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/** Weight decay by role, not rank: stacked expert biases are 2-D and do not decay; gate matrices do. */
class ParameterRoleTest {
    @ParameterizedTest
    @CsvSource({
        "blocks.5.experts.fc1.bias, BIAS, false",     // [E, hidden]: 2-D, still a bias
        "blocks.5.experts.fc2.bias, BIAS, false",
        "blocks.0.moe.w.bias, BIAS, false",           // mLiT's per-expert W bias [t, dh]
        "blocks.0.moe.v.bias, BIAS, false",
        "blocks.0.mlp.fc1.bias, BIAS, false",
        "patch_embed.proj.bias, BIAS, false",
        "blocks.0.norm1.weight, NORM, false",
        "norm.weight, NORM, false",
        "decoder_norm.bias, NORM, false",
        "pos_embed, POSITION_EMBEDDING, false",
        "decoder_pos_embed, POSITION_EMBEDDING, false",
        "cls_token, TOKEN, false",
        "mask_token, TOKEN, false",
        "blocks.5.experts.fc1.weight, MATRIX, true",
        "blocks.0.moe.gate.w_gate, MATRIX, true",
        "blocks.0.moe.gate.w_noise, MATRIX, true",
        "router.weight, MATRIX, true",
        "blocks.4.router.weight, MATRIX, true",
        "patch_embed.proj.weight, MATRIX, true",
        "decoder_embed.weight, MATRIX, true",
        "head.weight, MATRIX, true"})
    void rolesFromTimmNames(String name, ParameterRole role, boolean decays) {
        assertThat(ParameterRole.of(name)).isEqualTo(role);
        assertThat(AdamW.decays(name)).isEqualTo(decays);
    }

    /** Every parameter of each family, by role: counted by hand from the presets' shapes. */
    @Test
    void everyMobileVMoeParameterHasTheExpectedRole() {
        try (Model model = Models.build(ModelPresets.get("mvmoe-6x64").config(), 0)) {
            Map<ParameterRole, Long> counts = new TreeMap<>();
            model.parameters().parameters().keySet().forEach(n -> counts.merge(ParameterRole.of(n), 1L, Long::sum));
            // 6 blocks × (qkv, proj, fc1/fc2 or expert fc1/fc2) biases + patch + head = 6·4 + 2 = 26 biases
            // norms: 6 blocks × 2 norms × 2 + final norm 2 = 26; matrices: 6 × 4 + patch + head + router = 27
            assertThat(counts).isEqualTo(Map.of(ParameterRole.BIAS, 26L, ParameterRole.NORM, 26L,
                    ParameterRole.POSITION_EMBEDDING, 1L, ParameterRole.TOKEN, 1L, ParameterRole.MATRIX, 27L));
        }
    }
}
