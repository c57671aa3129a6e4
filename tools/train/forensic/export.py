#!/usr/bin/env python3
"""Exports a forensic detector folder for classifier/ (ForensicDetector.fromModelDir / builtIn):
forensic.json (manifest, with the SHA-256 of the graph and the calibrated threshold), model.onnx (opset 13) and
reference.json (a fixed input and the PyTorch outputs, so the Java tests check that ONNX Runtime agrees).

  /usr/bin/python3 export.py --ckpt work/final/model.pt --out ../../../classifier/src/main/resources/models/hallmark-forensic
  /usr/bin/python3 export.py --user-model --out ../../../classifier/src/test/resources/forensic/user-model
      (a tiny, untrained luma-patch detector with a different contract, for the Java tests of user models)
"""
import argparse
import hashlib
import io
import json
import math
import os
import shutil

import numpy as np
import onnx
import torch

import common as C
import model as M

OPSET = 13


def reference_input(n, c, p):
    """The fixed test input, reproducible in Java: x[i] = sin(0.37 * i) * 1.5 (float32, NCHW flattened)."""
    i = np.arange(n * c * p * p, dtype=np.float64)
    return (np.sin(0.37 * i) * 1.5).astype(np.float32).reshape(n, c, p, p)


def export_onnx(net, c, p):
    net.eval()
    buf = io.BytesIO()
    torch.onnx.export(net, torch.zeros(1, c, p, p), buf, input_names=["patches"], output_names=["score"],
                      dynamic_axes={"patches": {0: "n"}, "score": {0: "n"}}, opset_version=OPSET,
                      do_constant_folding=True)
    data = buf.getvalue()
    onnx.checker.check_model(onnx.load_from_string(data))
    return data


def write(out, net, manifest, c, p):
    os.makedirs(out, exist_ok=True)
    data = export_onnx(net, c, p)
    with open(os.path.join(out, "model.onnx"), "wb") as fh:
        fh.write(data)
    manifest["sha256"] = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "forensic.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    x = reference_input(3, c, p)
    with torch.no_grad():
        y = net(torch.from_numpy(x)).reshape(-1).tolist()
    with open(os.path.join(out, "reference.json"), "w") as fh:
        json.dump({"input": "x[i] = sin(0.37 * i) * 1.5, float32, shape [3, C, P, P]", "shape": [3, c, p, p],
                   "output": y}, fh, indent=1)
    print("wrote", out, sorted(os.listdir(out)), f"{len(data)} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="work/final/model.pt")
    ap.add_argument("--out", required=True)
    ap.add_argument("--user-model", action="store_true")
    ap.add_argument("--work", default="work", help="logs and results copied next to the built-in model")
    args = ap.parse_args()
    torch.manual_seed(0)
    if args.user_model:
        net = M.TinyLumaNet()
        manifest = {"format": "hallmark.forensic-model", "formatVersion": 1, "name": "test-luma", "version": "0.1",
                    "licence": "Apache-2.0", "description": "untrained 1-channel detector for tests only",
                    "model": "model.onnx", "sha256": "",
                    "input": {"colour": "luma", "patch": 32, "frameShortSide": 64, "maxAspect": 2.0,
                              "mean": [0.5], "std": [0.5]},
                    "output": "probability", "sampling": {"maxFrames": 4, "minFrames": 2, "windows": 2},
                    "threshold": 0.5}
        write(args.out, net, manifest, 1, 32)
        return
    ck = torch.load(args.ckpt)
    net = M.PatchNet()
    net.load_state_dict(ck["net"])
    res = ck["result"]
    manifest = {"format": "hallmark.forensic-model", "formatVersion": 1, "name": "hallmark-forensic",
                "version": "1.0.0", "licence": "Apache-2.0",
                "description": "Patch CNN trained by tools/train/forensic on camera footage, photos, animation and "
                               "test patterns (not AI) against raw output of Hallmark's scene and tiny-t2v "
                               "generators, all re-encoded alike; detects those generator families only (see "
                               "classifier/FORENSIC.md)",
                "model": "model.onnx", "sha256": "",
                "input": {"colour": "rgb", "patch": C.PATCH, "frameShortSide": C.FRAME_SHORT_SIDE,
                          "maxAspect": C.MAX_ASPECT, "mean": C.MEAN, "std": C.STD},
                "output": "logit", "sampling": {"maxFrames": 16, "minFrames": 6, "windows": 8},
                "threshold": ck["threshold"],
                "calibration": {"fpr": "<= 1 % of real test clips", "inDistribution": res["inDistribution"]}}
    write(args.out, net, manifest, C.CHANNELS, C.PATCH)
    for f in ["final/final.log", "final/final.json"]:
        src = os.path.join(args.work, f)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(args.out, "train-" + os.path.basename(f)))
    loso = os.path.join(args.work, "loso")
    if os.path.isdir(loso):
        merged = {}
        for f in sorted(os.listdir(loso)):
            if f.endswith(".json"):
                merged[f[:-5]] = json.load(open(os.path.join(loso, f)))
        with open(os.path.join(args.out, "loso.json"), "w") as fh:
            json.dump(merged, fh, indent=1)
    meta = os.path.join(args.work, "frames", "meta.json")
    if os.path.exists(meta):
        shutil.copy(meta, os.path.join(args.out, "data.json"))


if __name__ == "__main__":
    main()
