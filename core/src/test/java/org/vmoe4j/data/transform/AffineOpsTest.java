package org.vmoe4j.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmoe4j.data.transform.TestImages.gray;
import static org.vmoe4j.data.transform.TestImages.rows;

import org.junit.jupiter.api.Test;
import org.vmoe4j.data.Image;

/** Shear, Translate and Rotate: nearest neighbour on pixel centres, fill 0. */
class AffineOpsTest {
    // value 10*y + x + 1, so that the fill 0 is distinguishable from every pixel
    private static final Image FOUR = gray(new int[][] {
        {1, 2, 3, 4}, {11, 12, 13, 14}, {21, 22, 23, 24}, {31, 32, 33, 34}});
    private static final Image THREE = gray(new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});

    @Test
    void shearXReadsFromXPlusMTimesY() {
        // output (x, y) reads column floor(x + 0.5 + 0.5 * (y + 0.5)) of row y:
        // y=0: x, y=1: x+1, y=2: x+1 (floor(x+1.75)), y=3: x+2 (floor(x+2.25))
        assertThat(rows(Shear.x(FOUR, 0.5))).isEqualTo(new int[][] {
            {1, 2, 3, 4}, {12, 13, 14, 0}, {22, 23, 24, 0}, {33, 34, 0, 0}});
        // m = -0.5: floor(x + 0.25 - 0.5 y): y=0: x, y=1: x-1, y=2: x-1, y=3: x-2
        assertThat(rows(Shear.x(FOUR, -0.5))).isEqualTo(new int[][] {
            {1, 2, 3, 4}, {0, 11, 12, 13}, {0, 21, 22, 23}, {0, 0, 31, 32}});
    }

    @Test
    void shearYReadsFromYPlusMTimesX() {
        // output (x, y) reads row y + s(x) of column x, s = (0, 1, 1, 2) as above
        assertThat(rows(Shear.y(FOUR, 0.5))).isEqualTo(new int[][] {
            {1, 12, 13, 24}, {11, 22, 23, 34}, {21, 32, 33, 0}, {31, 0, 0, 0}});
    }

    @Test
    void translateShiftsAndFillsWithZero() {
        assertThat(rows(Translate.x(THREE, 1))).isEqualTo(new int[][] {
            {0, 1, 2}, {0, 4, 5}, {0, 7, 8}});
        assertThat(rows(Translate.y(THREE, -1))).isEqualTo(new int[][] {
            {4, 5, 6}, {7, 8, 9}, {0, 0, 0}});
    }

    @Test
    void rotateTurnsCounterClockwiseAboutTheCentre() {
        // 90 degrees counter-clockwise: the right column becomes the top row
        assertThat(rows(Rotate.apply(THREE, 90))).isEqualTo(new int[][] {
            {3, 6, 9}, {2, 5, 8}, {1, 4, 7}});
        assertThat(rows(Rotate.apply(THREE, 180))).isEqualTo(new int[][] {
            {9, 8, 7}, {6, 5, 4}, {3, 2, 1}});
        assertThat(rows(Rotate.apply(THREE, -90))).isEqualTo(new int[][] {
            {7, 4, 1}, {8, 5, 2}, {9, 6, 3}});
        assertThat(rows(Rotate.apply(THREE, 0))).isEqualTo(rows(THREE));
    }

    @Test
    void smallRotationMovesCornersOut() {
        // 30 degrees on 4x4: corners leave the frame and are filled with 0, the centre stays
        int[][] r = rows(Rotate.apply(FOUR, 30));
        assertThat(r[0][0]).isZero();
        assertThat(r[3][3]).isZero();
        assertThat(r[1][1]).isNotZero();
        assertThat(r[2][2]).isNotZero();
    }
}
