"""Solution to exercise 1.3b: the header of an IDX file (README section 1). 练习 1.3b 的解答。"""
import gzip
import struct


def read_idx_header(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as file:
        magic = struct.unpack(">I", file.read(4))[0]  # big-endian unsigned 32-bit
        dimensions = magic & 0xFF  # the last byte of the magic number: 3 for images, 1 for labels
        sizes = struct.unpack(f">{dimensions}I", file.read(4 * dimensions))
    return magic, sizes
