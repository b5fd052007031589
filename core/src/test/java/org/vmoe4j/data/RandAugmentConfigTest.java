package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;

class RandAugmentConfigTest {

    @Test
    void parsesTimmsNotationWithItsDefaults() {
        assertThat(RandAugmentConfig.parse("rand-m9-mstd0.5-inc1")).isEqualTo(RandAugmentConfig.DEIT)
                .isEqualTo(new RandAugmentConfig(2, 9, 0.5, true));
        assertThat(RandAugmentConfig.parse("rand")).isEqualTo(new RandAugmentConfig(2, 10, 0, false));
        assertThat(RandAugmentConfig.parse("rand-n3-m5-inc0"))
                .isEqualTo(new RandAugmentConfig(3, 5, 0, false));
        assertThat(RandAugmentConfig.parse(RandAugmentConfig.DEIT.spec())).isEqualTo(RandAugmentConfig.DEIT);
        assertThat(RandAugmentConfig.DEIT.spec()).isEqualTo("rand-m9-n2-mstd0.5-inc1");
    }

    @Test
    void refusesWhatTimmWouldNotMeanHere() {
        assertThatThrownBy(() -> RandAugmentConfig.parse("rnd-m9")).isInstanceOf(UserError.class)
                .hasMessageContaining("must start with 'rand'");
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-m9-w0")).isInstanceOf(UserError.class)
                .hasMessage("RandAugment spec 'rand-m9-w0': section 'w0' is not one of mM, nN, "
                        + "mstdS, incI");
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-mx")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-m1.5")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-m11")).isInstanceOf(UserError.class)
                .hasMessage("RandAugment magnitude must be in 0..10, got 11");
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-n0")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> RandAugmentConfig.parse("rand-mstd101"))
                .isInstanceOf(UserError.class);
    }
}
