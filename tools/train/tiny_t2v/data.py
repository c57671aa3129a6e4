"""Procedural training clips for tiny-t2v: one anti-aliased shape moving over a flat background, with a caption.

Everything is generated on the fly from a seeded numpy Generator, so the data set is infinite and reproducible.
Geometry (pixels, y down, T frames):
  left/right/up/down  straight travel of 14..20 px
  bouncing            x fixed, two hops of 10..16 px off the floor
  spinning            fixed place, 22.5 degrees per frame (either direction)
  growing/shrinking   radius 2..3 px <-> 7..9 px
"""
import math
import random

import numpy as np

import vocab as V

SIZE = 32
FRAMES = 16


def _sdf(shape, px, py, cx, cy, r, theta):
    """Signed distance (pixels) from pixel centres to the shape; px/py broadcast against cx/cy/r/theta."""
    dx, dy = px - cx, py - cy
    if shape == "circle":
        return np.sqrt(dx * dx + dy * dy) - r
    c, s = np.cos(theta), np.sin(theta)
    qx, qy = c * dx + s * dy, -s * dx + c * dy
    if shape == "square":
        h = 0.88 * r
        ax, ay = np.abs(qx) - h, np.abs(qy) - h
        outside = np.sqrt(np.maximum(ax, 0) ** 2 + np.maximum(ay, 0) ** 2)
        return outside + np.minimum(np.maximum(ax, ay), 0)
    if shape == "triangle":
        R = 1.3 * r
        ri = R / 2
        d = None
        for k in range(3):
            a = math.pi / 2 + k * 2 * math.pi / 3
            e = qx * math.cos(a) + qy * math.sin(a) - ri
            d = e if d is None else np.maximum(d, e)
        return d
    raise ValueError(shape)


def trajectory(motion, rng, size=SIZE, frames=FRAMES):
    """Per-frame (cx, cy, r, theta) arrays for one clip."""
    u = np.arange(frames) / (frames - 1)
    t = np.arange(frames)
    theta = np.zeros(frames)
    if motion in ("left", "right", "up", "down"):
        r = rng.uniform(3.5, 5.5)
        dist = rng.uniform(14, 20)
        lo, hi = r + 1, size - r - 1
        dist = min(dist, hi - lo - 0.5)
        start = rng.uniform(lo + dist, hi)  # position along the axis before travelling "backwards"
        cross = rng.uniform(lo + 1, hi - 1)
        along = start - dist * u  # decreasing coordinate
        if motion in ("right", "down"):
            along = (size - start) + dist * u
        if motion in ("left", "right"):
            cx, cy = along, np.full(frames, cross)
        else:
            cx, cy = np.full(frames, cross), along
        rr = np.full(frames, r)
    elif motion == "bouncing":
        r = rng.uniform(3.5, 5.0)
        cx = np.full(frames, rng.uniform(r + 3, size - r - 3))
        floor = size - r - 1.5
        height = rng.uniform(10, 16)
        phase = rng.uniform(0, 1)
        cy = floor - height * np.abs(np.sin(math.pi * (2 * u + phase)))
        rr = np.full(frames, r)
    elif motion == "spinning":
        r = rng.uniform(4.5, 6.5)
        cx = np.full(frames, rng.uniform(r + 4, size - r - 4))
        cy = np.full(frames, rng.uniform(r + 4, size - r - 4))
        direction = 1 if rng.random() < 0.5 else -1
        theta = rng.uniform(0, 2 * math.pi) + direction * t * math.radians(22.5)
        rr = np.full(frames, r)
    elif motion in ("growing", "shrinking"):
        small, big = rng.uniform(2.0, 3.0), rng.uniform(7.0, 9.0)
        rr = small + (big - small) * u
        if motion == "shrinking":
            rr = rr[::-1].copy()
        cx = np.full(frames, rng.uniform(big + 2, size - big - 2))
        cy = np.full(frames, rng.uniform(big + 2, size - big - 2))
    else:
        raise ValueError(motion)
    return cx, cy, rr, theta


def render(colour, shape, motion, background, rng, size=SIZE, frames=FRAMES):
    """One clip as float32 (3, T, H, W) in [-1, 1]."""
    cx, cy, rr, theta = trajectory(motion, rng, size, frames)
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float64) + 0.5
    px, py = xs[None], ys[None]
    sh = (frames, 1, 1)
    d = _sdf(shape, px, py, cx.reshape(sh), cy.reshape(sh), rr.reshape(sh), theta.reshape(sh))
    cov = np.clip(0.5 - d, 0.0, 1.0)  # (T, H, W)
    bg = np.array(V.BACKGROUNDS[background], float) + rng.normal(0, 3, 3)
    fg = np.array(V.COLOURS[colour], float) + rng.normal(0, 10, 3)
    bg, fg = np.clip(bg, 0, 255), np.clip(fg, 0, 255)
    img = bg[:, None, None, None] * (1 - cov[None]) + fg[:, None, None, None] * cov[None]
    return (img / 127.5 - 1.0).astype(np.float32)


def random_spec(rng, exclude=()):
    """A valid (colour, shape, motion, background) whose triple is not in `exclude`."""
    ex = set(exclude)
    while True:
        c = rng.choice(list(V.COLOURS))
        s = rng.choice(V.SHAPES)
        m = rng.choice(V.MOTIONS)
        b = rng.choice(list(V.BACKGROUNDS))
        if V.valid(c, s, m, b) and (c, s, m) not in ex:
            return c, s, m, b


class Stream:
    """Infinite seeded stream of (video batch, caption list)."""

    def __init__(self, seed, exclude=(), p_drop_bg=0.08, p_drop_motion=0.05):
        self.np_rng = np.random.default_rng(seed)
        self.rng = random.Random(seed)
        self.exclude = list(exclude)
        self.p_drop_bg = p_drop_bg
        self.p_drop_motion = p_drop_motion

    def batch(self, n):
        """(videos, captions, specs); self.dropped[i] = (background dropped, motion dropped) for caption i."""
        vids, caps, specs, self.dropped = [], [], [], []
        for _ in range(n):
            c, s, m, b = random_spec(self.rng, self.exclude)
            vids.append(render(c, s, m, b, self.np_rng))
            drop_bg = self.rng.random() < self.p_drop_bg
            drop_motion = self.rng.random() < self.p_drop_motion
            caps.append(V.caption(c, s, m, b, self.rng, drop_bg=drop_bg, drop_motion=drop_motion))
            specs.append((c, s, m, b))
            self.dropped.append((drop_bg, drop_motion))
        return np.stack(vids), caps, specs
