"""Train tiny-t2v (rectified flow, classifier-free guidance dropout) on procedurally rendered captioned clips.

  nice -n 10 /usr/bin/python3 train.py --out runs/main --steps 6000
Writes runs/<name>/train.log, ckpt.pt (resumable with --resume), eval_<step>.png contact sheets of the
held-out captions with oracle scores. Deterministic for a given seed and thread count (2).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import model as M  # noqa: E402
import oracle  # noqa: E402
import sheet  # noqa: E402
import vocab as V  # noqa: E402

# "pix-*": pixel-space x0-prediction over (3, 16, 32, 32), frames pixel-unshuffled 4x4 -> 8x8x48.
# The others: latent denoisers over (4, 16, 8, 8) of the frame autoencoder. Levels 8x8, 4x4, 2x2.
CONFIGS = {
    "pix-small": dict(channels=(64, 96, 128), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=3, patch=4),
    # pix-small with the time-dependent FiLM (model.ResBlock.film_t); warm-started from a pix-small checkpoint
    "pix-small-tf": dict(channels=(64, 96, 128), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=3, patch=4,
                         time_film=True),
    "pix-tiny": dict(channels=(48, 64, 96), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=3, patch=4),
    "tiny": dict(channels=(32, 64, 96), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=4),
    "small": dict(channels=(48, 96, 128), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=4),
    "base": dict(channels=(64, 128, 192), blocks=(1, 2, 2), temporal=((1,), (1, 2), (2, 4)), in_ch=4),
}
LATENT = (4, data.FRAMES, data.SIZE // 4, data.SIZE // 4)
PIXELS = (3, data.FRAMES, data.SIZE, data.SIZE)


def is_pixel(config):
    return config.startswith("pix")


class Frozen:
    """The stage-1 autoencoder, frozen: encodes training clips, decodes samples."""

    def __init__(self, path):
        ck = torch.load(path)
        self.ae = M.FrameAutoencoder()
        self.ae.load_state_dict(ck["ae"])
        self.ae.eval().requires_grad_(False)
        self.mean, self.std = ck["mean"], ck["std"]
        self.decoder = M.VideoDecoder(self.ae, self.mean, self.std).eval()

    @torch.no_grad()
    def encode(self, vids):
        b, c, t, h, w = vids.shape
        z = self.ae.encode(vids.transpose(1, 2).reshape(b * t, c, h, w))
        z = (z - self.mean.view(1, -1, 1, 1)) / self.std.view(1, -1, 1, 1)
        return z.view(b, t, *z.shape[1:]).transpose(1, 2).contiguous()

    @torch.no_grad()
    def decode(self, z):
        return self.decoder(z)


class AttributeHeads(torch.nn.Module):
    """Training-only probes on the text encoder's [CLS] vector: colour, shape, motion (+ unspecified) and
    background (+ unspecified). Their cross-entropy (--aux) teaches the text encoder the caption's structure
    directly instead of only through the denoiser; they are not exported."""

    def __init__(self, dim=128):
        super().__init__()
        self.colour = torch.nn.Linear(dim, len(V.COLOURS))
        self.shape = torch.nn.Linear(dim, len(V.SHAPES))
        self.motion = torch.nn.Linear(dim, len(V.MOTIONS) + 1)
        self.background = torch.nn.Linear(dim, len(V.BACKGROUNDS) + 1)

    def loss(self, cls, specs, dropped, keep):
        f = torch.nn.functional.cross_entropy
        colours, shapes, motions, bgs = list(V.COLOURS), V.SHAPES, V.MOTIONS, list(V.BACKGROUNDS)
        idx = [i for i, k in enumerate(keep) if k]
        if not idx:
            return cls.sum() * 0
        c = torch.tensor([colours.index(specs[i][0]) for i in idx])
        s = torch.tensor([shapes.index(specs[i][1]) for i in idx])
        m = torch.tensor([len(motions) if dropped[i][1] else motions.index(specs[i][2]) for i in idx])
        b = torch.tensor([len(bgs) if dropped[i][0] else bgs.index(specs[i][3]) for i in idx])
        x = cls[idx]
        return f(self.colour(x), c) + f(self.shape(x), s) + f(self.motion(x), m) + f(self.background(x), b)


def encode_captions(caps, index):
    return torch.tensor([V.tokenize(c, index) for c in caps], dtype=torch.long)


@torch.no_grad()
def sample(net, ids, steps=20, guidance=4.0, seed=0, pixel=True):
    """Reference flow-matching Euler sampler with classifier-free guidance (what the Java runtime does).
    Pixel models predict x0, latent models the velocity."""
    g = torch.Generator().manual_seed(seed)
    b = ids.shape[0]
    x = torch.randn(b, *(PIXELS if pixel else LATENT), generator=g)
    uncond = torch.zeros_like(ids)
    uncond[:, 0] = ids[0, 0]  # [CLS] then padding: the empty prompt
    ctx, uctx = net.text(ids), net.text(uncond)
    ts = torch.linspace(1.0, 0.0, steps + 1)
    for i in range(steps):
        t = torch.full((b,), float(ts[i]))
        v = net.denoiser(torch.cat([x, x]), torch.cat([t, t]), torch.cat([ctx, uctx]))
        vc, vu = v[:b], v[b:]
        out = vu + guidance * (vc - vu)
        vel = (x - out) / ts[i] if pixel else out
        x = x + (ts[i + 1] - ts[i]) * vel
    return x.clamp(-1, 1) if pixel else x


def evaluate(net, ae, index, out_png, steps=20, guidance=4.0, limit=0):
    items = V.eval_set()
    if limit:
        items = items[::max(1, len(items) // limit)][:limit]
    caps = [c for c, _ in items]
    ids = encode_captions(caps, index)
    vids = []
    for i in range(0, len(ids), 16):
        z = sample(net, ids[i:i + 16], steps, guidance, seed=1000 + i, pixel=ae is None)
        vids.append(z if ae is None else ae.decode(z))
    vids = torch.cat(vids).numpy()
    totals = {"colour": 0, "shape": 0, "motion": 0, "background": 0, "all": 0}
    labels = []
    for v, (cap, spec) in zip(vids, items):
        res = oracle.analyse(oracle.video_to_frames(v))
        ok = oracle.score(res, spec)
        for k in totals:
            totals[k] += ok[k]
        labels.append(("OK " if ok["all"] else "NO ") + f"{res['colour']}/{res['shape']}/{res['motion']} | {cap}")
    if out_png:
        sheet.contact_sheet(vids, labels, out_png, scale=3, label_width=430)
    return {k: v / len(items) for k, v in totals.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", default="base", choices=sorted(CONFIGS))
    ap.add_argument("--ae", default="runs/ae/ae.pt")
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--p-uncond", type=float, default=0.1)
    ap.add_argument("--ema", type=float, default=0.999)
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--eval-clips", type=int, default=22, help="held-out clips per intermediate evaluation")
    ap.add_argument("--ckpt-every", type=int, default=250)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--threads", type=int, default=2, help="PyTorch intra-op threads (1 leaves a core for other work)")
    ap.add_argument("--aux", type=float, default=0.0, help="weight of the caption-attribute loss on [CLS]")
    ap.add_argument("--p-high", type=float, default=0.0,
                    help="fraction of samples trained at flow time uniform in [0.85, 1] (near pure noise)")
    ap.add_argument("--init-from", default=None,
                    help="warm start: weights (net, EMA, probes) of another run's ckpt.pt; layers it lacks start at "
                         "their initialisation, the optimiser and step count start fresh")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")
    words = V.vocabulary()
    index = {w: i for i, w in enumerate(words)}

    net = M.TinyT2V(len(words), **CONFIGS[args.config])
    ema = M.TinyT2V(len(words), **CONFIGS[args.config])
    ema.load_state_dict(net.state_dict())
    ema.requires_grad_(False)
    heads = AttributeHeads()
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01, betas=(0.9, 0.99))
    stream = data.Stream(args.seed, exclude=V.held_out_triples())
    pixel = is_pixel(args.config)
    ae = None if pixel else Frozen(args.ae)
    step, elapsed_before = 0, 0.0
    ckpt_path = os.path.join(args.out, "ckpt.pt")
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        net.load_state_dict(ck["net"])
        ema.load_state_dict(ck["ema"])
        if "heads" in ck:
            heads.load_state_dict(ck["heads"])
        if len(ck["opt"]["param_groups"]) == 2:
            opt.add_param_group({"params": list(heads.parameters())})
        opt.load_state_dict(ck["opt"])
        step, elapsed_before = ck["step"], ck["elapsed"]
        stream.np_rng.bit_generator.state = ck["np_rng"]
        stream.rng.setstate(ck["py_rng"])
        torch.set_rng_state(ck["torch_rng"])
    if args.init_from and step == 0:
        ck = torch.load(args.init_from)
        for target, key in ((net, "net"), (ema, "ema")):
            missing, unexpected = target.load_state_dict(ck[key], strict=False)
            if unexpected or any(".film_t." not in k and ".d_mlp." not in k for k in missing):
                raise SystemExit(f"--init-from {args.init_from}: incompatible weights (missing {missing[:3]}, "
                                 f"unexpected {unexpected[:3]})")
        if "heads" in ck:
            heads.load_state_dict(ck["heads"])
    if args.aux > 0 and len(opt.param_groups) == 1:
        opt.add_param_group({"params": list(heads.parameters())})

    def log(msg):
        line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
        print(line, flush=True)
        with open(log_path, "a") as fh:
            fh.write(line + "\n")

    if step > 0:
        log(f"resume at step {step} with " + json.dumps(vars(args)))
    if step == 0:
        log("config " + json.dumps({**vars(args), "model": CONFIGS[args.config], "params_denoiser": M.count(net.denoiser),
                                    "params_text": M.count(net.text), "torch": torch.__version__,
                                    "held_out": V.held_out_triples()}))
    t0 = time.time()
    running = None
    while step < args.steps:
        frac = step / args.steps
        lr = args.lr * min(1.0, (step + 1) / args.warmup)
        if frac > 0.75:
            lr *= 1.0 - 0.9 * (frac - 0.75) / 0.25
        for gparam in opt.param_groups:
            gparam["lr"] = lr
        vids, caps, specs = stream.batch(args.batch)
        dropped = stream.dropped
        caps = ["" if stream.rng.random() < args.p_uncond else c for c in caps]
        x0 = torch.from_numpy(vids) if pixel else ae.encode(torch.from_numpy(vids))
        ids = encode_captions(caps, index)
        b = x0.shape[0]
        t = torch.sigmoid(torch.randn(b))  # logit-normal flow time
        if args.p_high > 0:
            # also near-pure noise: there the caption alone must decide what the sampler's first steps commit to
            # (the direction of motion); logit-normal time almost never goes there (P(t > 0.85) is about 4 %)
            high = torch.rand(b) < args.p_high
            t = torch.where(high, 0.85 + 0.15 * torch.rand(b), t)
        noise = torch.randn_like(x0)
        tt = t.view(b, 1, 1, 1, 1)
        xt = (1 - tt) * x0 + tt * noise
        ctx = net.text(ids)
        pred = net.denoiser(xt, t, ctx)
        if pixel:  # x0-prediction, min-SNR-5 weighting (+1 so that high-noise samples still count)
            snr = ((1 - t) / t.clamp(min=1e-3)) ** 2
            w = (snr.clamp(max=5.0) + 1.0).view(b, 1, 1, 1, 1)
            loss = (w * (pred - x0).pow(2)).mean()
        else:  # velocity
            loss = (pred - (noise - x0)).pow(2).mean()
        if args.aux > 0:
            aux = heads.loss(ctx[:, 0], specs, dropped, [c != "" for c in caps])
            loss = loss + args.aux * aux
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(net.parameters()) + list(heads.parameters()), 1.0)
        opt.step()
        step += 1
        decay = min(args.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pn in zip(ema.parameters(), net.parameters()):
                pe.mul_(decay).add_(pn, alpha=1 - decay)
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        elapsed = elapsed_before + time.time() - t0
        if step % 25 == 0:
            log(f"step {step} loss {running:.4f} lr {lr:.2e} elapsed {elapsed:.0f}s "
                f"({elapsed / step:.2f}s/step)")
        if step % args.ckpt_every == 0 or step == args.steps:
            torch.save({"net": net.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "step": step,
                        "elapsed": elapsed, "np_rng": stream.np_rng.bit_generator.state,
                        "py_rng": stream.rng.getstate(), "torch_rng": torch.get_rng_state(), "heads": heads.state_dict(),
                        "config": args.config, "vocab": words}, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)
        if step % args.eval_every == 0 or step == args.steps:
            te = time.time()
            scores = evaluate(ema, ae, index, os.path.join(args.out, f"eval_{step:05d}.png"),
                              limit=0 if step == args.steps else args.eval_clips)
            t0 += time.time() - te  # evaluation time is not training time
            log(f"eval step {step} held-out adherence " + json.dumps({k: round(v, 3) for k, v in scores.items()}))
    log("done")


if __name__ == "__main__":
    main()
