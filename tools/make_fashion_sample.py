#!/usr/bin/python3
"""Makes the small Fashion-MNIST sample that vmoe4j ships inside its jar.

Takes the first 4000 training and the first 1000 test images (with their labels) from the
Fashion-MNIST IDX files installed by Debian's `dataset-fashion-mnist` package and writes them,
still as gzipped IDX files, to core/src/main/resources/datasets/fashion-mnist-sample/.
The output is byte-for-byte reproducible (gzip header without a file name or time stamp).

Usage: tools/make_fashion_sample.py [SOURCE_DIR] [OUTPUT_DIR]
"""
import gzip
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    HERE, "..", "core", "src", "main", "resources", "datasets", "fashion-mnist-sample")
COUNTS = {"train": 4000, "t10k": 1000}


def take(name, count):
    """Copies the first `count` records of one IDX file, rewriting the count in its header."""
    with gzip.open(os.path.join(SOURCE, name + ".gz"), "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{name}: not an unsigned-byte IDX file")
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    if dims[0] < count:
        sys.exit(f"{name}: has {dims[0]} records, need {count}")
    record = 1
    for d in dims[1:]:
        record *= d
    header = struct.pack(">HBB", 0, dtype, ndim) + struct.pack(">" + "I" * ndim, count, *dims[1:])
    body = data[4 + 4 * ndim: 4 + 4 * ndim + count * record]
    out = os.path.join(OUTPUT, name + ".gz")
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(header + body)
    print(f"{out}: {count} records, {os.path.getsize(out)} bytes")


os.makedirs(OUTPUT, exist_ok=True)
for split, n in COUNTS.items():
    take(f"{split}-images-idx3-ubyte", n)
    take(f"{split}-labels-idx1-ubyte", n)
