#!/usr/bin/env python3
"""Draws images/icon.png (128x128): three stacked layer bars narrowing towards an output dot, the
way a tensor's shape narrows through a model. Pure Python (zlib), 4x4 supersampling."""

import struct
import zlib
from pathlib import Path

SIZE, SS = 128, 4
BG_TOP, BG_BOTTOM = (22, 36, 71), (40, 70, 140)
BARS = [  # (y centre, half width, colour)
    (34, 44, (255, 111, 0)),   # keras-ish orange
    (58, 32, (255, 167, 38)),
    (82, 20, (255, 213, 79)),
]
DOT = (64, 104, 8, (129, 212, 250))


def inside_round_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour_at(x, y):
    if not inside_round_rect(x, y, 2, 2, 126, 126, 22):
        return None
    t = y / SIZE
    c = tuple(round(a + (b - a) * t) for a, b in zip(BG_TOP, BG_BOTTOM))
    for yc, hw, col in BARS:
        if inside_round_rect(x, y, 64 - hw, yc - 7, 64 + hw, yc + 7, 5):
            c = col
    dx, dy, r, col = DOT
    if (x - dx) ** 2 + (y - dy) ** 2 <= r * r:
        c = col
    return c


rows = []
for py in range(SIZE):
    row = bytearray([0])
    for px in range(SIZE):
        acc, n = [0, 0, 0], 0
        for sy in range(SS):
            for sx in range(SS):
                c = colour_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                if c:
                    n += 1
                    for i in range(3):
                        acc[i] += c[i]
        if n:
            row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, 255 * n // (SS * SS)])
        else:
            row += bytes([0, 0, 0, 0])
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = Path(__file__).resolve().parent.parent / "images" / "icon.png"
out.parent.mkdir(exist_ok=True)
out.write_bytes(png)
print(f"wrote {out} ({len(png)} bytes)")
