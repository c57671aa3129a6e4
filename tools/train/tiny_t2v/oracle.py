"""Prompt-adherence oracle (Python twin of dev.hallmark.generator.eval.AdherenceOracle; keep them in step).

Input: a clip as float (T, H, W, 3) sRGB 0..255 on an analysis grid whose short side is 32 px (box-downsample
larger frames first). Output: the colour, shape, motion and background it sees. Rules, in grid pixels:
  background  per-channel median of the 1-px border ring over all frames -> nearest BACKGROUNDS entry
  membership  m = clip(|rgb - bg| / d_obj, 0, 1), d_obj = median distance of the strongest pixels; m < 0.25 -> 0
  colour      mean rgb of core pixels (m > 0.8) -> nearest COLOURS entry
  shape       median over frames with area >= 12 px of kappa = area / (pi R^2), R = max(dist + m - 0.5) from the
              centroid: circle > 0.82 >= square > 0.56 >= triangle
  motion      growth g = area(last 4) / area(first 4): >= 1.8 growing, <= 0.55 shrinking; else travel d = mean of
              last 3 centroids - first 3: |dx| >= 6 and |dx| >= 2|dy| -> left/right; >= 2 vertical reversals
              (1.5 px hysteresis) over a vertical range >= 5 -> bouncing; |dy| >= 6 and |dy| >= 2|dx| -> up/down;
              centroid range < 3 and mean frame-to-frame membership change >= 0.12 of the area -> spinning;
              else still
"""
import numpy as np

import vocab as V

MIN_MEMBERSHIP = 0.25


def _nearest(rgb, palette):
    best, bd = None, 1e18
    for name, ref in palette.items():
        d = float(np.sum((np.asarray(rgb, float) - np.asarray(ref, float)) ** 2))
        if d < bd:
            best, bd = name, d
    return best


def analyse(frames):
    f = np.asarray(frames, dtype=np.float64)
    t, h, w, _ = f.shape
    ring = np.concatenate([f[:, 0, :], f[:, -1, :], f[:, 1:-1, 0], f[:, 1:-1, -1]], axis=1).reshape(-1, 3)
    bg = np.median(ring, axis=0)
    d = np.sqrt(((f - bg) ** 2).sum(-1))  # (T, H, W)
    dmax = np.percentile(d, 99.5)
    strong = d[d > 0.6 * dmax]
    d_obj = max(float(np.median(strong)) if strong.size else 1.0, 30.0)
    m = np.clip(d / d_obj, 0, 1)
    m[m < MIN_MEMBERSHIP] = 0
    core = m > 0.8
    colour = _nearest(f[core].mean(0), V.COLOURS) if core.any() else None

    ys, xs = np.mgrid[0:h, 0:w] + 0.5
    areas, cxs, cys, kappas = [], [], [], []
    for i in range(t):
        a = m[i].sum()
        areas.append(a)
        if a < 1e-6:
            cxs.append(np.nan)
            cys.append(np.nan)
            kappas.append(np.nan)
            continue
        cx, cy = (m[i] * xs).sum() / a, (m[i] * ys).sum() / a
        cxs.append(cx)
        cys.append(cy)
        sel = m[i] > 0.05
        dist = np.sqrt((xs - cx) ** 2 + (ys - cy) ** 2)
        r = (dist[sel] + m[i][sel] - 0.5).max()
        kappas.append(a / (np.pi * r * r) if r > 0 else np.nan)
    areas, cxs, cys, kappas = map(np.asarray, (areas, cxs, cys, kappas))

    big = areas >= 12
    ks = kappas[big] if big.any() else kappas[[int(np.argmax(areas))]]
    kappa = float(np.nanmedian(ks)) if np.isfinite(ks).any() else float("nan")
    if not np.isfinite(kappa):
        shape = None
    elif kappa > 0.82:
        shape = "circle"
    elif kappa > 0.56:
        shape = "square"
    else:
        shape = "triangle"

    motion = _motion(m, areas, cxs, cys)
    return {"colour": colour, "shape": shape, "motion": motion, "background": _nearest(bg, V.BACKGROUNDS),
            "kappa": kappa}


def _motion(m, areas, cxs, cys):
    valid = np.where(areas >= 3)[0]
    if len(valid) < 6:
        return None
    a, x, y = areas[valid], cxs[valid], cys[valid]
    g = a[-4:].mean() / max(a[:4].mean(), 1e-6)
    if g >= 1.8:
        return "growing"
    if g <= 0.55:
        return "shrinking"
    dx, dy = x[-3:].mean() - x[:3].mean(), y[-3:].mean() - y[:3].mean()
    if abs(dx) >= 6 and abs(dx) >= 2 * abs(dy):
        return "right" if dx > 0 else "left"
    if _reversals(y, 1.5) >= 2 and y.max() - y.min() >= 5:
        return "bouncing"
    if abs(dy) >= 6 and abs(dy) >= 2 * abs(dx):
        return "down" if dy > 0 else "up"
    if max(x.max() - x.min(), y.max() - y.min()) < 3:
        change = np.mean([np.abs(m[i] - m[j]).sum() / max(0.5 * (areas[i] + areas[j]), 1e-6)
                          for i, j in zip(valid[:-1], valid[1:])])
        if change >= 0.12:
            return "spinning"
    return "still"


def _reversals(seq, hysteresis):
    """Direction changes of a 1-D track, ignoring wiggles smaller than `hysteresis`."""
    count, direction, anchor = 0, 0, seq[0]
    for v in seq[1:]:
        if direction >= 0 and v < anchor - hysteresis:
            if direction > 0:
                count += 1
            direction, anchor = -1, v
        elif direction <= 0 and v > anchor + hysteresis:
            if direction < 0:
                count += 1
            direction, anchor = 1, v
        elif (direction > 0 and v > anchor) or (direction < 0 and v < anchor):
            anchor = v
    return count


def score(result, spec):
    """spec = (colour, shape, motion, background) -> dict of per-attribute booleans."""
    c, s, mo, b = spec
    ok = {"colour": result["colour"] == c, "shape": result["shape"] == s, "motion": result["motion"] == mo,
          "background": result["background"] == b}
    ok["all"] = ok["colour"] and ok["shape"] and ok["motion"]
    return ok


def video_to_frames(video):
    """(3, T, H, W) in [-1, 1] -> (T, H, W, 3) 0..255 after 8-bit quantisation, as the Java side sees it."""
    v = np.clip(np.round((np.asarray(video) + 1) * 127.5), 0, 255)
    return v.transpose(1, 2, 3, 0)
