"""Export tiny-t2v (or a test bundle) as a Hallmark model bundle: ONNX + TorchScript components and manifest.json.

  /usr/bin/python3 export.py --ckpt runs/main/ckpt.pt --ae runs/ae/ae.pt \
      --out ../../../generator/src/main/resources/models/tiny-t2v
Layout and contract: generator/BUNDLES.md.
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as M  # noqa: E402
import vocab as V  # noqa: E402

OPSET = 14


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_component(module, inputs, input_names, out_dir, stem, torchscript=True):
    """Writes <stem>.onnx (dynamic batch) and <stem>.pt (traced TorchScript); returns the file names."""
    module.eval()
    onnx_path = os.path.join(out_dir, stem + ".onnx")
    axes = {n: {0: "batch"} for n in input_names}
    axes["out"] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(module, inputs, onnx_path, input_names=input_names, output_names=["out"],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    files = {"onnx": stem + ".onnx"}
    if torchscript:
        with torch.no_grad():
            traced = torch.jit.trace(module, inputs, check_trace=False)
        traced = torch.jit.freeze(traced.eval()) if hasattr(torch.jit, "freeze") else traced
        traced.save(os.path.join(out_dir, stem + ".pt"))
        files["torchscript"] = stem + ".pt"
    return files


class DenoiserExport(torch.nn.Module):
    def __init__(self, den):
        super().__init__()
        self.den = den

    def forward(self, x, t, context):
        return self.den(x, t, context)


def write_bundle(out_dir, text, denoiser, decoder, latent_shape, native, meta, sampler, torchscript=True,
                 context_len=V.MAX_TOKENS):
    os.makedirs(out_dir, exist_ok=True)
    words = V.vocabulary()
    with open(os.path.join(out_dir, "vocab.txt"), "w") as fh:
        fh.write("\n".join(words) + "\n")
    index = {w: i for i, w in enumerate(words)}
    ids = torch.tensor([V.tokenize("a red circle moving left on a black background", index)] * 2)
    ctx = text(ids)
    x = torch.randn(2, *latent_shape)
    t = torch.full((2,), 0.5)
    comps = {
        "textEncoder": {**export_component(text, (ids,), ["ids"], out_dir, "text_encoder", torchscript),
                        "inputs": ["ids"]},
        "denoiser": {**export_component(DenoiserExport(denoiser), (x, t, ctx), ["x", "t", "context"], out_dir,
                                        "denoiser", torchscript),
                     "inputs": ["x", "t", "context"], "maxBatch": 2},
    }
    if decoder is not None:
        comps["decoder"] = {**export_component(decoder, (x[:1],), ["z"], out_dir, "decoder", torchscript),
                            "inputs": ["z"]}
    files = ["vocab.txt"] + [f for c in comps.values() for k, f in c.items() if k in ("onnx", "torchscript")]
    manifest = {
        "format": "hallmark.model-bundle",
        "formatVersion": 1,
        **meta,
        "native": native,
        "tokenizer": {"type": "word", "vocab": "vocab.txt", "maxTokens": V.MAX_TOKENS, "lowercase": True,
                      "pad": V.PAD, "unk": V.UNK, "bos": V.CLS},
        "emptyPrompt": "",
        "components": comps,
        "latent": {"shape": list(latent_shape), "scale": 1.0, "shift": 0.0},
        "sampler": sampler,
        "files": {f: sha256(os.path.join(out_dir, f)) for f in files},
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    return manifest


@torch.no_grad()
def reference_vectors(text, denoiser, decoder, latent_shape, path, seed=3):
    """Inputs and PyTorch outputs the Java tests replay through both engines."""
    g = torch.Generator().manual_seed(seed)
    words = V.vocabulary()
    index = {w: i for i, w in enumerate(words)}
    prompt = "a red circle moving left on a black background"
    ids = torch.tensor([V.tokenize(prompt, index)])
    ctx = text(ids)
    x = torch.randn(1, *latent_shape, generator=g)
    t = torch.tensor([0.7])
    out = denoiser(x, t, ctx)
    ref = {"prompt": prompt, "ids": ids[0].tolist(), "context": ctx.flatten().tolist(),
           "contextShape": list(ctx.shape[1:]), "x": x.flatten().tolist(), "t": 0.7,
           "denoised": out.flatten().tolist()}
    if decoder is not None:
        ref["decoded"] = decoder(x).flatten().tolist()
    with open(path, "w") as fh:
        json.dump(ref, fh)


def write_heldout(path):
    """The held-out evaluation captions (vocab.eval_set) for the Java AdherenceBenchmark."""
    with open(path, "w") as fh:
        fh.write("# caption\tcolour\tshape\tmotion\tbackground -- tiny-t2v held-out set: these (colour, shape, "
                 "motion) triples never appear in training\n")
        for cap, (c, s, m, b) in V.eval_set():
            fh.write(f"{cap}\t{c}\t{s}\t{m}\t{b}\n")


TINY_META = {
    "name": "tiny-t2v",
    "version": "1.2.0",
    "filingNumber": None,
    "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
    "licence": "Apache-2.0",
    "description": "Hallmark's own tiny text-to-video diffusion model (rectified flow, x0-prediction, 32x32x16 "
                   "pixels), trained from scratch on procedurally rendered captioned shape clips; recipe in "
                   "tools/train/tiny_t2v.",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="runs/main/ckpt.pt")
    ap.add_argument("--ae", default="runs/ae/ae.pt")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--guidance", type=float, default=4.0)
    ap.add_argument("--no-torchscript", action="store_true")
    ap.add_argument("--prior-steps", type=int, default=0,
                    help="steps of the run the checkpoint was warm-started from (train.py --init-from)")
    ap.add_argument("--prior-seconds", type=int, default=0, help="training seconds of that run")
    args = ap.parse_args()
    torch.set_num_threads(2)
    import train  # noqa: E402  (configs)
    ck = torch.load(args.ckpt)
    net = M.TinyT2V(len(ck["vocab"]), **train.CONFIGS[ck["config"]])
    net.load_state_dict(ck["ema"])
    net.eval()
    assert ck["vocab"] == V.vocabulary(), "checkpoint vocabulary differs from vocab.py"
    pixel = train.is_pixel(ck["config"])
    decoder = None if pixel else train.Frozen(args.ae).decoder
    sampler = {"default": "flow-euler", "steps": args.steps, "guidance": args.guidance,
               "prediction": "sample" if pixel else "velocity",
               "schedule": {"type": "flow", "shift": 1.0, "timestepScale": 1.0}}
    native = {"width": 32, "height": 32, "frames": 16, "fps": 4}
    meta = dict(TINY_META)
    meta["training"] = {"steps": args.prior_steps + ck["step"],
                        "trainSeconds": args.prior_seconds + round(ck["elapsed"]), "recipe": "tools/train/tiny_t2v"}
    write_bundle(args.out, net.text, net.denoiser, decoder, train.PIXELS if pixel else train.LATENT, native, meta,
                 sampler, torchscript=not args.no_torchscript)
    write_heldout(os.path.join(args.out, "heldout.tsv"))
    print("wrote", args.out, sorted(os.listdir(args.out)))


if __name__ == "__main__":
    main()
