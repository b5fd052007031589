package org.vmoe4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.vmoe4j.UserError;

class DeclaredSizeTest {
    @Test
    void productMultipliesAndRefusesWhatWrapsAroundInsteadOfWrapping() {
        assertThat(DeclaredSize.product("f", "dims", 1, 60000, 28, 28)).isEqualTo(47_040_000L);
        // 2^21 cubed is 2^63: one more than Long.MAX_VALUE, which a plain long product turns negative
        assertThatThrownBy(() -> DeclaredSize.product("f.idx", "the header's dimensions", 1, 1 << 21, 1 << 21, 1 << 21))
                .isInstanceOf(UserError.class)
                .hasMessage("f.idx: the header's dimensions 2097152x2097152x2097152: the product of the dimensions exceeds 2^63");
    }

    @Test
    void zeroAndNegativeDimensionsAreNamedWithTheirPosition() {
        assertThatThrownBy(() -> DeclaredSize.product("f", "dims", 1, 3, 0, 5)).isInstanceOf(UserError.class)
                .hasMessage("f: dims 3x0x5: dimension 1 is 0 (expected every dimension >= 1)");
        assertThatThrownBy(() -> DeclaredSize.product("f", "dims", 0, 3, -2)).isInstanceOf(UserError.class)
                .hasMessage("f: dims 3x-2: dimension 1 is -2 (expected every dimension >= 0)");
        assertThat(DeclaredSize.product("f", "shape", 0, 4, 0)).isZero(); // empty tensors are legal where min is 0
    }

    @Test
    void atMostNamesTheValueAndTheLimit() {
        DeclaredSize.atMost("f", "pixels", Limit.IMAGE_PIXELS.max(), Limit.IMAGE_PIXELS);
        assertThatThrownBy(() -> DeclaredSize.atMost("a.png", "its 40000x40000 pixels", 1_600_000_000L,
                Limit.IMAGE_PIXELS)).isInstanceOf(UserError.class)
                .hasMessage("a.png: its 40000x40000 pixels = 1,600,000,000, above the limit of 67,108,864 pixels per image");
    }

    @Test
    void fitsComparesWithWhatTheFileHas() {
        DeclaredSize.fits("f", "x", 10, 10);
        assertThatThrownBy(() -> DeclaredSize.fits("f", "the records", 11, 10)).isInstanceOf(UserError.class)
                .hasMessage("f: truncated: the records need 11 bytes, the file has 10");
    }

    /** The bound is deflate's: a stream of zeros, the best case for deflate, stays within it. */
    @Test
    void inflatableBoundHoldsForTheMostCompressibleInputAndRefusesMore() throws IOException {
        int zeros = 50 << 20;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(new byte[zeros]);
        }
        long compressed = out.size();
        DeclaredSize.inflatable("f", "data", zeros, compressed); // real data passes
        assertThat((double) zeros / compressed).isBetween(1000.0, 1032.0);
        assertThatThrownBy(() -> DeclaredSize.inflatable("f.gz", "the data", 1033 * compressed + 1032, compressed))
                .isInstanceOf(UserError.class).hasMessageStartingWith("f.gz: the data need ")
                .hasMessageContaining("decompression bomb");
        DeclaredSize.inflatable("f", "data", Long.MAX_VALUE, -1); // unknown compressed size: no bound
    }

    @Test
    void allocateRefusesAboveTheArrayLimitBeforeTrying() {
        assertThat(DeclaredSize.allocate("f", "pixels", 12)).hasSize(12);
        assertThatThrownBy(() -> DeclaredSize.allocate("f", "3 GB of pixels", 3L << 30))
                .isInstanceOf(UserError.class).hasMessageContaining("f: the bytes of 3 GB of pixels = 3,221,225,472")
                .hasMessageContaining("bytes per array held in memory");
    }
}
