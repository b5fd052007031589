#!/usr/bin/python3
"""Writes the worst inputs of issue 16 (small on disk) into OUT_DIR, to measure the readers' peak memory.

    /usr/bin/python3 tools/make_hostile_inputs.py /tmp/hostile

Then, for instance:

    VMOE4J_JAVA_OPTS=-Xmx2g /usr/bin/time -v ./vmoe4j data --data mnist:/tmp/hostile/gzip-bomb

What it writes (plain Python, no packages):
  gzip-bomb/       MNIST whose train-images .gz (about 2 MB) declares 60000x28x28 and inflates to 2.2 GB
  sparse-idx/      MNIST whose train-images file declares 60000x28x28 and is 3 GB long (sparse, no disk used)
  huge.png         a valid 40000x40000 gray PNG (1.6 gigapixels, about 1.6 MB)
  huge-folder/     a folder dataset whose only training image is huge.png
  overlap.safetensors  150 F32 tensors of 16 MB that all point at the same 16 MB of data
"""
import gzip
import os
import struct
import sys
import zlib

CHUNK = 1 << 20


def idx_header(dims):
    return struct.pack(">I", 0x0800 | len(dims)) + b"".join(struct.pack(">I", d) for d in dims)


def small_mnist(d, skip):
    """The three MNIST files other than `skip`, valid and tiny (one image, one label each)."""
    files = {"train-images-idx3-ubyte": idx_header([1, 28, 28]) + bytes(784),
             "train-labels-idx1-ubyte": idx_header([1]) + bytes(1),
             "t10k-images-idx3-ubyte": idx_header([1, 28, 28]) + bytes(784),
             "t10k-labels-idx1-ubyte": idx_header([1]) + bytes(1)}
    for name, data in files.items():
        if name != skip:
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)


def gzip_bomb(d, inflated):
    os.makedirs(d, exist_ok=True)
    small_mnist(d, "train-images-idx3-ubyte")
    with gzip.open(os.path.join(d, "train-images-idx3-ubyte.gz"), "wb", compresslevel=9) as f:
        f.write(idx_header([60000, 28, 28]))
        zeros = bytes(CHUNK)
        for _ in range(inflated // CHUNK):
            f.write(zeros)


def sparse_idx(d, length):
    os.makedirs(d, exist_ok=True)
    small_mnist(d, "train-images-idx3-ubyte")
    with open(os.path.join(d, "train-images-idx3-ubyte"), "wb") as f:
        f.write(idx_header([60000, 28, 28]))
        f.truncate(length)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(path, side):
    deflate = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0, then `side` gray pixels of 0
    idat = []
    for _ in range(side):
        idat.append(deflate.compress(row))
    idat.append(deflate.flush())
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", b"".join(idat)))
        f.write(png_chunk(b"IEND", b""))


def overlapping_safetensors(path, tensors, elements):
    size = 4 * elements
    header = ",".join('"t%d":{"dtype":"F32","shape":[%d],"data_offsets":[0,%d]}' % (i, elements, size)
                      for i in range(tensors))
    header = ("{" + header + "}").encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header)
        f.write(bytes(size))


def main(out):
    os.makedirs(out, exist_ok=True)
    gzip_bomb(os.path.join(out, "gzip-bomb"), 2200 * CHUNK)
    sparse_idx(os.path.join(out, "sparse-idx"), 3 << 30)
    huge_png(os.path.join(out, "huge.png"), 40000)
    for split in ("train", "val"):
        os.makedirs(os.path.join(out, "huge-folder", split, "a"), exist_ok=True)
        target = os.path.join(out, "huge-folder", split, "a", "huge.png")
        if not os.path.exists(target):
            os.link(os.path.join(out, "huge.png"), target)
    overlapping_safetensors(os.path.join(out, "overlap.safetensors"), 150, 4 << 20)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_hostile_inputs.py OUT_DIR")
    main(sys.argv[1])
