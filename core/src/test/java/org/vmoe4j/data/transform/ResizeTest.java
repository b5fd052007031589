package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmoe4j.data.transform.TestImages.gray;
import static org.vmoe4j.data.transform.TestImages.rows;

import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

class ResizeTest {

    @Test
    void upscalingIsPlainBilinearWithHalfPixelCentres() {
        // 2 -> 4: output centres at input coordinates -0.25, 0.25, 0.75, 1.25 (edge-clamped):
        // weights (1, 0), (0.75, 0.25), (0.25, 0.75), (0, 1)
        Image out = Resize.apply(gray(new int[][] {{0, 100}}), 1, 4);
        assertThat(rows(out)).isEqualTo(new int[][] {{0, 25, 75, 100}});
    }

    @Test
    void upscalingTwoByTwoToFourByFourIsSeparable() {
        // rows: [0,100] -> [0,25,75,100]; [200,40] -> [200,160,80,40]
        // columns then mix the two rows with the same weights, rounding to nearest:
        // 0.75*25+0.25*160 = 58.75 -> 59, 0.25*75+0.75*80 = 78.75 -> 79, ...
        Image out = Resize.apply(gray(new int[][] {{0, 100}, {200, 40}}), 4, 4);
        assertThat(rows(out)).isEqualTo(new int[][] {
            {0, 25, 75, 100},
            {50, 59, 76, 85},
            {150, 126, 79, 55},
            {200, 160, 80, 40}});
    }

    @Test
    void downscalingUsesATriangleStretchedByTheFactor() {
        // 4 -> 2: support 2 input pixels; output 0 is centred on coordinate 1.0 and reaches
        // pixels 0, 1, 2 at distances 0.5, 0.5, 1.5 -> triangle(d/2) = 0.75, 0.75, 0.25,
        // normalised by 1.75 (Pillow / torchvision antialias=True); output 1 mirrors it.
        Image out = Resize.apply(gray(new int[][] {{0, 40, 80, 120}}), 1, 2);
        assertThat(rows(out)).isEqualTo(new int[][] {{29, 91}}); // 50/1.75, 160/1.75
    }

    @Test
    void antialiasedHalvingOfBlocksLeaksOneSeventhOfTheNeighbour() {
        // Not a 2x2 box average: each output also sees 1/7 of the next block (see above).
        // rows: [0,0,100,100] -> [100/7, 100 - 100/7] = [14, 86]; [100 x4] -> [100, 100]
        // columns: [14,14,100,100] -> [(1.5*14 + 0.25*100)/1.75, (0.25*14 + 1.5*100)/1.75]
        Image out = Resize.apply(gray(new int[][] {
            {0, 0, 100, 100}, {0, 0, 100, 100}, {100, 100, 100, 100}, {100, 100, 100, 100}}),
                2, 2);
        assertThat(rows(out)).isEqualTo(new int[][] {{26, 88}, {88, 98}});
    }

    @Test
    void flatImagesStayFlatWhateverTheSizes() {
        int[][] flat = new int[5][7];
        for (int[] r : flat) {
            java.util.Arrays.fill(r, 173);
        }
        for (int size : new int[] {1, 2, 3, 7, 36}) {
            Image out = Resize.apply(gray(flat), size, size);
            for (int[] r : rows(out)) {
                assertThat(r).containsOnly(173);
            }
        }
    }

    @Test
    void sameSizeIsACopyAndCropReadsOnlyTheBox() {
        Image img = TestImages.random(6, 5, 3, 7);
        assertThat(Resize.apply(img, 6, 5).pixels()).isEqualTo(img.pixels());
        Image crop = Resize.crop(img, 2, 1, 3, 2, 3, 2);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(crop.at(y, x, c)).isEqualTo(img.at(y + 2, x + 1, c));
                }
            }
        }
    }

    @Test
    void tapsSumToOneInFixedPoint() {
        for (int[] io : new int[][] {{28, 36}, {32, 36}, {36, 36}, {500, 36}, {13, 36}}) {
            ResizeWeights w = ResizeWeights.of(io[0], io[1]);
            for (int o = 0; o < io[1]; o++) {
                long sum = 0;
                for (int t = 0; t < w.count[o]; t++) {
                    sum += w.taps[o * w.ksize + t];
                }
                assertThat(Math.abs(sum - (1 << ResizeWeights.PRECISION_BITS))).isLessThan(8);
            }
        }
    }
}
