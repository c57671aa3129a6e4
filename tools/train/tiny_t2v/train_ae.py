"""Stage 1 of tiny-t2v: the per-frame autoencoder whose latents the diffusion model learns.

  nice -n 10 /usr/bin/python3 train_ae.py --out runs/ae --steps 1500
Writes runs/ae/ae.pt (weights + per-channel latent mean/std) and train.log.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import model as M  # noqa: E402
import oracle  # noqa: E402
import vocab as V  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--clips", type=int, default=8, help="clips per batch (x16 frames)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")

    def log(msg):
        line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
        print(line, flush=True)
        with open(log_path, "a") as fh:
            fh.write(line + "\n")

    ae = M.FrameAutoencoder()
    log("config " + json.dumps({**vars(args), "params": M.count(ae), "torch": torch.__version__}))
    opt = torch.optim.Adam(ae.parameters(), lr=args.lr)
    stream = data.Stream(args.seed)  # all triples: the autoencoder never sees captions
    t0 = time.time()
    running = None
    for step in range(1, args.steps + 1):
        lr = args.lr * 0.5 * (1 + torch.cos(torch.tensor(step / args.steps * 3.14159)).item())
        for g in opt.param_groups:
            g["lr"] = lr
        vids, _, _ = stream.batch(args.clips)
        x = torch.from_numpy(vids).transpose(1, 2).reshape(-1, 3, data.SIZE, data.SIZE)
        z = ae.encode(x)
        zn = z + 0.1 * z.detach().std() * torch.randn_like(z)
        y = ae.decode(zn)
        loss = F.l1_loss(y, x) + F.mse_loss(y, x) + 1e-4 * z.pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        if step % 25 == 0:
            log(f"step {step} loss {running:.4f} lr {lr:.2e} elapsed {time.time() - t0:.0f}s")

    # latent statistics and a reconstruction check through the oracle
    ae.eval()
    stream = data.Stream(args.seed + 1)
    zs, ok, mse = [], 0, 0.0
    n = 64
    with torch.no_grad():
        for _ in range(n // 8):
            vids, _, specs = stream.batch(8)
            x = torch.from_numpy(vids).transpose(1, 2).reshape(-1, 3, data.SIZE, data.SIZE)
            z = ae.encode(x)
            zs.append(z)
            y = ae.decode(z).clamp(-1, 1)
            mse += F.mse_loss(y, x).item()
            y = y.view(8, data.FRAMES, 3, data.SIZE, data.SIZE).transpose(1, 2).numpy()
            for v, spec in zip(y, specs):
                ok += oracle.score(oracle.analyse(oracle.video_to_frames(v)), spec)["all"]
    z = torch.cat(zs)
    mean, std = z.mean(dim=(0, 2, 3)), z.std(dim=(0, 2, 3))
    psnr = 10 * torch.log10(torch.tensor(4.0 / (mse / (n // 8)))).item()
    log(f"reconstruction psnr {psnr:.2f} dB, oracle all-correct {ok}/{n}, latent mean {mean.tolist()} std {std.tolist()}")
    torch.save({"ae": ae.state_dict(), "mean": mean, "std": std}, os.path.join(args.out, "ae.pt"))
    log("done")


if __name__ == "__main__":
    main()
