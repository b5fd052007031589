package org.vmoe4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.nn.Cost;

/** Parameter and FLOP counts against the papers' tables (ML Table 7, MV Fig. 3a) and SPEC §3's exact figures. */
class AccountingTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({"mlit-s, 2372682, 2.38e6, 0.01", "mlit-xs, 1215248, 1.22e6, 0.01", "mlit-xxs, 662273, 0.67e6, 0.012"})
    void mlitParametersMatchSpecAndTable7(String preset, long spec, double paper, double tolerance) {
        long params = cost(preset).params();
        assertThat(params).isEqualTo(spec);
        assertThat(params / paper).isCloseTo(1, within(tolerance));
    }

    @Test
    void mmlitDecoderIsAboutAThirdOfAMillion() {
        try (Model mae = Models.build(ModelPresets.get("mmlit-xxs").config(), 0)) {
            assertThat(mae.parameters().count("decoder_") / 0.34e6).isCloseTo(1, within(0.03));
        }
    }

    /** MV Fig. 3a FLOPs (M) for each depth×width; counting matrix products lands 0.5–2.4% below (SPEC §1). */
    @ParameterizedTest
    @CsvSource({"12x384, 2297", "9x384, 1752", "6x384, 1207", "12x192, 618", "9x192, 478", "6x192, 338",
        "12x96, 176", "9x96, 140", "6x96, 103", "12x64, 88", "9x64, 71", "6x64, 54"})
    void vitAndMobileVMoeFlopsMatchFigure3a(String size, double paperMegaFlops) {
        Cost dense = cost("vit-" + size);
        Cost moe = cost("mvmoe-" + size);
        assertThat(dense.flops() / (paperMegaFlops * 1e6)).isBetween(0.97, 1.0);
        assertThat((double) moe.flops() / dense.flops()).isCloseTo(1, within(0.01));
        assertThat(moe.activeParams()).isLessThan(moe.params());
        assertThat(dense.activeParams()).isEqualTo(dense.params());
    }

    @Test
    void anImageActivatesOneOfTenExpertsInEachMoeBlock() {
        Cost moe = cost("mvmoe-6x64");
        long mlp = 2L * 64 * 256 + 256 + 64;
        assertThat(moe.params() - moe.activeParams()).isEqualTo(2 * 9 * mlp);
    }

    @Test
    void countedParametersAreTheAllocatedOnes() {
        for (String preset : new String[] {"vit-6x64", "mvmoe-6x64", "mlit-xxs", "mmlit-xxs"}) {
            try (Model model = Models.build(ModelPresets.get(preset).config(), 0)) {
                long allocated = model.parameters().parameters().values().stream().mapToLong(a -> a.size()).sum();
                assertThat(model.totalCost().params()).as(preset).isEqualTo(allocated);
            }
        }
    }

    private Cost cost(String preset) {
        try (Model model = Models.build(ModelPresets.get(preset).config(), 0)) {
            return model.totalCost();
        }
    }

}
