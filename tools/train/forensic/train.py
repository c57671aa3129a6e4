#!/usr/bin/env python3
"""Trains and evaluates the forensic patch classifier on the frames prepare.py made.

  --final          train on the train split of every source, calibrate the threshold on the test split of the
                   real sources (<= --fpr false positives), report per-source figures, save WORK/final/model.pt
  --holdout SRC    leave-one-source-out: train on the train split of every OTHER source, calibrate on their
                   real test splits, then score every variant of SRC (never seen) against the other class's test
                   variants of the sources that were trained on; writes WORK/loso/SRC.json

Scores are per variant (a 1-2 s clip after the degradation chain), computed as the Java detector does:
sigmoid(mean logit over the grid patches of the sampled frames).
"""
import argparse
import json
import math
import os
import pickle
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

import common as C
import model as M
from prepare import SOURCES


def log(fh, msg):
    line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
    print(line, flush=True)
    if fh:
        fh.write(line + "\n")
        fh.flush()


def load(work):
    data = {}
    for s in SOURCES:
        p = os.path.join(work, "frames", s + ".pkl")
        if os.path.exists(p):
            with open(p, "rb") as fh:
                data[s] = pickle.load(fh)
    return data


def random_patch(frame, rnd):
    h, w, _ = frame.shape
    y = rnd.randint(0, h - C.PATCH)
    x = rnd.randint(0, w - C.PATCH)
    p = frame[y:y + C.PATCH, x:x + C.PATCH]
    if rnd.random() < 0.5:
        p = p[:, ::-1]
    return p.transpose(2, 0, 1)


def training_frames(data, sources):
    """(frame, label, weight) of every train-split frame; weights give each source of a class the same total."""
    out = []
    per_class = {0: [s for s in sources if SOURCES[s] == 0], 1: [s for s in sources if SOURCES[s] == 1]}
    for s in sources:
        frames = [f for v in data[s] if v["split"] == "train" for f in v["frames"]]
        w = 1.0 / (len(frames) * len(per_class[SOURCES[s]]))
        out += [(f, SOURCES[s], w) for f in frames]
    return out


@torch.no_grad()
def score_variants(net, variants):
    """Per-variant score: sigmoid(mean logit over the grid patches of its frames)."""
    net.eval()
    out = []
    for v in variants:
        patches = np.concatenate([C.grid_patches(f) for f in v["frames"]])
        logits = net(torch.from_numpy(C.normalise(patches)))
        out.append(float(torch.sigmoid(logits.mean())))
    return np.array(out)


def auc(pos, neg):
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos, neg = np.asarray(pos), np.asarray(neg)
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def calibrate(real_scores, fpr, floor=0.5):
    """Smallest threshold (on a 1e-4 grid, just above a real score) with at most fpr of real_scores >= it, but
    never below floor (a score under 0.5 means the model itself leans towards "not generated")."""
    s = np.sort(np.asarray(real_scores))
    allowed = int(math.floor(fpr * len(s)))
    # the (allowed+1)-th highest real score must fall below the threshold
    pivot = s[len(s) - 1 - allowed]
    return round(max(floor, min(0.9999, math.floor(pivot * 1e4) / 1e4 + 1e-4)), 4)


def train(data, sources, steps, batch, lr, seed, fh):
    torch.manual_seed(seed)
    rnd = random.Random(seed)
    frames = training_frames(data, sources)
    weights = np.array([w for _, _, w in frames])
    weights /= weights.sum()
    nrng = np.random.default_rng(seed)
    net = M.PatchNet()
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    log(fh, f"train on {sources}: {len(frames)} frames, {M.count_params(net)} params, {steps} steps x {batch}")
    t0 = time.time()
    run_loss = None
    for step in range(1, steps + 1):
        net.train()
        idx = nrng.choice(len(frames), batch, p=weights)
        x = np.stack([random_patch(frames[i][0], rnd) for i in idx])
        y = torch.tensor([frames[i][1] for i in idx], dtype=torch.float32)
        logits = net(torch.from_numpy(C.normalise(x)))
        loss = F.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        run_loss = loss.item() if run_loss is None else 0.95 * run_loss + 0.05 * loss.item()
        if step % 50 == 0 or step == steps:
            log(fh, f"step {step} loss {run_loss:.4f} lr {sched.get_last_lr()[0]:.2e} {time.time() - t0:.0f}s")
    return net, time.time() - t0


def evaluate(net, data, trained, fpr):
    """Per-source test-split scores of the trained sources, threshold calibrated on the real ones."""
    scores = {s: score_variants(net, [v for v in data[s] if v["split"] == "test"]) for s in trained}
    real = np.concatenate([scores[s] for s in trained if SOURCES[s] == 0])
    ai = np.concatenate([scores[s] for s in trained if SOURCES[s] == 1])
    thr = calibrate(real, fpr)
    return scores, real, ai, thr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="work")
    ap.add_argument("--final", action="store_true")
    ap.add_argument("--holdout", default=None)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--batch", type=int, default=48)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--fpr", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    work = os.path.abspath(args.work)
    data = load(work)
    present = [s for s in SOURCES if s in data]
    if args.final == (args.holdout is not None):
        raise SystemExit("give --final or --holdout SOURCE")
    if args.holdout:
        if args.holdout not in data:
            raise SystemExit(f"no frames for {args.holdout}")
        out = os.path.join(work, "loso")
        trained = [s for s in present if s != args.holdout]
    else:
        out = os.path.join(work, "final")
        trained = present
    os.makedirs(out, exist_ok=True)
    name = args.holdout or "final"
    with open(os.path.join(out, name + ".log"), "w") as fh:
        log(fh, "config " + json.dumps(vars(args)) + f" torch {torch.__version__}")
        net, seconds = train(data, trained, args.steps, args.batch, args.lr, args.seed, fh)
        scores, real, ai, thr = evaluate(net, data, trained, args.fpr)
        res = {"trained": trained, "trainSeconds": round(seconds), "threshold": thr,
               "inDistribution": {"auc": auc(ai, real), "fpr": float((real >= thr).mean()),
                                  "tpr": float((ai >= thr).mean()), "real": len(real), "ai": len(ai)},
               "perSource": {s: {"n": len(v), "mean": float(v.mean()), "max": float(v.max()), "min": float(v.min()),
                                 "aboveThreshold": float((v >= thr).mean())} for s, v in scores.items()}}
        if args.holdout:
            h = score_variants(net, data[args.holdout])
            other = ai if SOURCES[args.holdout] == 0 else real
            res["heldOut"] = {"source": args.holdout, "label": SOURCES[args.holdout], "n": len(h),
                              "auc": auc(h, other) if SOURCES[args.holdout] == 1 else auc(other, h),
                              "aboveThreshold": float((h >= thr).mean()), "mean": float(h.mean()),
                              "max": float(h.max()), "min": float(h.min())}
        log(fh, "result " + json.dumps(res))
        if args.final:
            torch.save({"net": net.state_dict(), "threshold": thr, "result": res}, os.path.join(out, "model.pt"))
        with open(os.path.join(out, name + ".json"), "w") as jf:
            json.dump(res, jf, indent=1)


if __name__ == "__main__":
    main()
