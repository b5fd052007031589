#!/usr/bin/python3
"""Writes the MAT files the SVHN reader's tests read, with scipy (an implementation independent of MFL).

    /usr/bin/python3 tools/make_mat_reference.py      # Debian's python3-scipy

core/src/test/resources/mat/svhn-scipy-{compressed,plain}.mat: X = 32x32x3x3 uint8 with
X(r, c, ch, i) = (53 i + 7 r + 3 c + 90 ch) mod 256 (0-based), y = [10; 1; 7] (double), saved by
scipy.io.savemat as level-5 MAT files with and without zlib compression.
"""
import os

import numpy as np
import scipy.io

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "mat")


def main():
    i, r, c, ch = np.meshgrid(np.arange(3), np.arange(32), np.arange(32), np.arange(3), indexing="ij")
    values = (53 * i + 7 * r + 3 * c + 90 * ch) % 256  # [i, r, c, ch]
    x = np.ascontiguousarray(values.transpose(1, 2, 3, 0)).astype(np.uint8)  # [r, c, ch, i]
    y = np.array([[10.0], [1.0], [7.0]])
    os.makedirs(OUT, exist_ok=True)
    for name, compress in (("svhn-scipy-compressed.mat", True), ("svhn-scipy-plain.mat", False)):
        scipy.io.savemat(os.path.join(OUT, name), {"X": x, "y": y}, do_compression=compress, format="5")


if __name__ == "__main__":
    main()
