"""Shared definitions of the forensic recipe: the input contract (mirrors the Java ForensicDetector), colour
conversion, canonical frame size and patch grid. Any change here must be mirrored in
classifier/src/main/java/dev/hallmark/classifier/forensic/ and in the model manifest (forensic.json).
"""
import math

import numpy as np

# Canonical frame: every sampled frame is scaled (libswscale bicubic, in I420) so that its SHORT side is this many
# pixels, long side in proportion (even, at most MAX_ASPECT times the short side), then converted to RGB.
FRAME_SHORT_SIDE = 160
MAX_ASPECT = 4.0
# Patches cut from the canonical frame and fed to the network.
PATCH = 96
CHANNELS = 3
# Normalisation: x = (rgb / 255 - MEAN) / STD per channel.
MEAN = [0.5, 0.5, 0.5]
STD = [0.25, 0.25, 0.25]


def half_up(x):
    """Rounds half up, like Java's Math.round (Python's round() rounds half to even)."""
    return int(math.floor(x + 0.5))


def canonical_size(width, height, short=FRAME_SHORT_SIDE):
    """(w, h) of the canonical frame for a width x height video; same arithmetic as the Java side."""
    if width <= 0 or height <= 0:
        raise ValueError("bad size")
    if width >= height:
        h = short
        w = min(int(math.floor(short * MAX_ASPECT)), half_up(width * short / height))
    else:
        w = short
        h = min(int(math.floor(short * MAX_ASPECT)), half_up(height * short / width))
    w += w & 1
    h += h & 1
    return max(w, PATCH), max(h, PATCH)


def grid_positions(length, patch=PATCH):
    """Evenly spaced patch offsets covering [0, length): ceil(length / patch) of them, first at 0, last flush."""
    n = max(1, -(-length // patch))
    if n == 1:
        return [max(0, (length - patch) // 2)]
    return [half_up(i * (length - patch) / (n - 1)) for i in range(n)]


def grid_patches(rgb):
    """All grid patches of one canonical RGB frame (H, W, 3) uint8 -> (N, 3, PATCH, PATCH) uint8."""
    h, w, _ = rgb.shape
    out = []
    for y in grid_positions(h):
        for x in grid_positions(w):
            out.append(rgb[y:y + PATCH, x:x + PATCH].transpose(2, 0, 1))
    return np.stack(out)


def i420_to_rgb(buf, width, height):
    """I420 (BT.601 limited range, chroma by nearest sample) -> (H, W, 3) uint8. Twin of ForensicDetector's."""
    y = np.frombuffer(buf, np.uint8, width * height).reshape(height, width).astype(np.int32)
    cw, ch = (width + 1) // 2, (height + 1) // 2
    u = np.frombuffer(buf, np.uint8, cw * ch, width * height).reshape(ch, cw).astype(np.int32)
    v = np.frombuffer(buf, np.uint8, cw * ch, width * height + cw * ch).reshape(ch, cw).astype(np.int32)
    u = np.repeat(np.repeat(u, 2, 0), 2, 1)[:height, :width] - 128
    v = np.repeat(np.repeat(v, 2, 0), 2, 1)[:height, :width] - 128
    c = (y - 16) * 298
    # integer arithmetic with rounding, identical in Java
    r = (c + 409 * v + 128) >> 8
    g = (c - 100 * u - 208 * v + 128) >> 8
    b = (c + 516 * u + 128) >> 8
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)


def normalise(patches_u8):
    """(N, 3, P, P) uint8 -> float32 network input."""
    x = patches_u8.astype(np.float32) / 255.0
    mean = np.array(MEAN, np.float32).reshape(1, -1, 1, 1)
    std = np.array(STD, np.float32).reshape(1, -1, 1, 1)
    return (x - mean) / std
