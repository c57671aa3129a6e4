#!/usr/bin/env python3
"""Markdown tables of the leave-one-source-out runs and the final model (for classifier/FORENSIC.md)."""
import argparse
import json
import os

from prepare import SOURCES

KIND = {"vtest": "street camera (vtest.avi)", "tree": "camera (tree.avi)", "megamind": "animation (Megamind.avi)",
        "phone": "phone camera (c2pa-rs video1)", "photos": "41 photos (opencv-doc)",
        "patterns": "ffmpeg test patterns", "scene": "scene generator", "t2v": "tiny-t2v generator"}


def pct(x):
    return f"{100 * x:.1f} %"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="work")
    args = ap.parse_args()
    loso = os.path.join(args.work, "loso")
    print("### Leave one source out\n")
    print("Each row: a model trained without that source (train split of all others), its threshold calibrated to "
          "<= 1 % false positives on the real test clips of the sources it saw, then scored on every clip of the "
          "held-out source. AUC: held-out source against the other class's test clips.\n")
    print("| held out | class | clips | AUC | flagged at the fold's threshold | fold threshold | in-distribution AUC |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for s in SOURCES:
        p = os.path.join(loso, s + ".json")
        if not os.path.exists(p):
            continue
        r = json.load(open(p))
        h = r["heldOut"]
        what = "FPR" if SOURCES[s] == 0 else "TPR"
        print(f"| {KIND[s]} | {'not AI' if SOURCES[s] == 0 else 'AI'} | {h['n']} | {h['auc']:.3f} | "
              f"{what} {pct(h['aboveThreshold'])} | {r['threshold']:.4f} | {r['inDistribution']['auc']:.3f} |")
    p = os.path.join(args.work, "final", "final.json")
    if os.path.exists(p):
        r = json.load(open(p))
        d = r["inDistribution"]
        print("\n### Final model (test split of every source)\n")
        print(f"Threshold {r['threshold']:.4f}; AUC {d['auc']:.3f}; FPR {pct(d['fpr'])} of {d['real']} real test "
              f"clips; TPR {pct(d['tpr'])} of {d['ai']} generated test clips; trained in {r['trainSeconds']} s.\n")
        print("| source | class | test clips | mean score | max | min | flagged |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for s, v in r["perSource"].items():
            print(f"| {KIND[s]} | {'not AI' if SOURCES[s] == 0 else 'AI'} | {v['n']} | {v['mean']:.3f} | "
                  f"{v['max']:.3f} | {v['min']:.3f} | {pct(v['aboveThreshold'])} |")


if __name__ == "__main__":
    main()
