"""Build the small random-weight test bundle the Java tests load through both engines.

  /usr/bin/python3 make_test_bundle.py --out ../../../generator/src/test/resources/bundles/mini
Untrained (seeded) networks of the tiny-t2v architecture, 4 frames of 8x8x4 latents decoded to 32x32, exported as
ONNX and TorchScript, plus reference.json: inputs and PyTorch outputs to replay in Java.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import model as M  # noqa: E402
import vocab as V  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(20261121)
    text = M.TextEncoder(len(V.vocabulary()), dim=16, layers=1, heads=2)
    den = M.Denoiser(channels=(8, 16, 16), blocks=(1, 1, 1), temporal=((1,), (1,), (1,)), text_dim=16, cond_dim=32,
                     in_ch=4)
    # zero-initialised output layers would make the denoiser output constant: give them random weights
    for mod in den.modules():
        if isinstance(mod, (torch.nn.Conv2d, torch.nn.Conv3d)) and mod.weight.abs().sum() == 0:
            torch.nn.init.normal_(mod.weight, std=0.05)
    ae = M.FrameAutoencoder(width=8)
    dec = M.VideoDecoder(ae, torch.zeros(4), torch.ones(4))
    for m in (text, den, dec):
        m.eval()
    latent = (4, 4, 8, 8)
    meta = {"name": "mini-test", "version": "0.0.1", "filingNumber": "TEST-0001",
            "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            "licence": "Apache-2.0", "description": "Untrained test bundle (random weights) for the Java tests."}
    sampler = {"default": "flow-euler", "steps": 4, "guidance": 3.0, "prediction": "velocity",
               "schedule": {"type": "flow", "shift": 1.0, "timestepScale": 1.0}}
    export.write_bundle(args.out, text, den, dec, latent, {"width": 32, "height": 32, "frames": 4, "fps": 4}, meta,
                        sampler)
    export.reference_vectors(text, den, dec, latent, os.path.join(args.out, "reference.json"))
    print(sorted(os.listdir(args.out)), {f: os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out)})


if __name__ == "__main__":
    main()
