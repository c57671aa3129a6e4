#!/usr/bin/env python3
"""Builds the forensic training set: renders raw AI clips with the product's generators, then passes every source
(real and AI alike) through the same decode -> optional legacy re-encode -> random crop -> random resize ->
H.264 at a random CRF/preset/GOP chain, and keeps a few canonical frames of each variant.

Output: WORK/frames/<source>.pkl, each a list of dicts {source, label, split, item, variant, frames: [HxWx3 uint8],
keyframe: [bool]}. label 1 = AI (generator output), 0 = not AI (camera, photo, animation, test pattern).

Usage (from this folder; see README.md):
  /usr/bin/python3 prepare.py --work work [--t2v tiny-t2v|BUNDLE_DIR] [--jobs 2]
"""
import argparse
import glob
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool

import numpy as np

import common as C

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "media", "src", "test", "resources", "fixtures", "video")
OPENCV_DATA = "/usr/share/doc/opencv-doc/examples/data"  # Debian opencv-doc (BSD-3-Clause)
# A phone clip (720x1280 portrait, 2 s) from contentauth/c2pa-rs sdk/tests/fixtures (MIT OR Apache-2.0), as copied
# into the project's shared fixtures; --shared points at that folder.
C2PA_VIDEO1 = os.path.join("fixtures", "c2pa", "c2pa-rs", "video1_no_manifest.mp4")

# Camera photos (and two paintings/renders that are not AI) from opencv-doc's samples/data. Logos, drawings,
# charts and synthetic test images are left out.
PHOTOS = ["aero1.jpg", "aero3.jpg", "aloeL.jpg", "aloeR.jpg", "apple.jpg", "baboon.jpg", "basketball1.png",
          "basketball2.png", "board.jpg", "box_in_scene.png", "building.jpg", "butterfly.jpg", "chicky_512.png",
          "ela_original.jpg", "fruits.jpg", "graf1.png", "graf3.png", "HappyFish.jpg", "home.jpg", "left.jpg",
          "left01.jpg", "left05.jpg", "left09.jpg", "leuvenA.jpg", "leuvenB.jpg", "licenseplate_motion.jpg",
          "messi5.jpg", "orange.jpg", "pca_test1.jpg", "right.jpg", "right03.jpg", "rubberwhale1.png",
          "rubberwhale2.png", "smarties.png", "squirrel_cls.jpg", "starry_night.jpg", "stuff.jpg", "sudoku.png",
          "Blender_Suzanne1.jpg", "Blender_Suzanne2.jpg", "text_defocus.jpg"]

# ffmpeg lavfi test patterns: synthetic, not AI (and what many test clips, e.g. the C2PA fixtures, are made of).
PATTERNS = ["testsrc", "testsrc2", "smptebars", "smptehdbars", "pal75bars", "rgbtestsrc", "yuvtestsrc",
            "mandelbrot", "life", "cellauto", "gradients", "sierpinski", "colorchart", "colorspectrum"]

# Leave-one-source-out groups: source name -> label.
SOURCES = {"vtest": 0, "tree": 0, "megamind": 0, "phone": 0, "photos": 0, "patterns": 0, "scene": 1, "t2v": 1}

SPLIT_AT = 0.7  # videos: first 70 % of the time line trains, the rest tests; clips/photos: by item hash


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise RuntimeError("command failed: " + " ".join(cmd) + "\n" + r.stderr.decode(errors="replace")[-2000:])
    return r.stdout


def probe(path):
    out = json.loads(run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height,nb_frames,duration,r_frame_rate:format=duration", "-of", "json",
                          path]))
    s = out["streams"][0]
    dur = s.get("duration") or out.get("format", {}).get("duration")
    num, den = s["r_frame_rate"].split("/")
    return int(s["width"]), int(s["height"]), float(dur) if dur not in (None, "N/A") else None, \
        float(num) / float(den)


def split_of(name):
    return "train" if int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < SPLIT_AT else "test"


def model_stamp(model):
    """The model name, or a bundle folder with the digest of its manifest (which holds every file's SHA-256)."""
    if os.path.isdir(model):
        with open(os.path.join(model, "manifest.json"), "rb") as fh:
            return model + " " + hashlib.sha256(fh.read()).hexdigest()
    if model == "tiny-t2v":
        with open(os.path.join(ROOT, "generator", "src", "main", "resources", "models", "tiny-t2v",
                               "manifest.json"), "rb") as fh:
            return model + " " + hashlib.sha256(fh.read()).hexdigest()
    return model


def render_ai(work, model, name, count, seed):
    """Renders raw clips with the Java RawSamples tool (generator module)."""
    out = os.path.join(work, "raw", name)
    stamp = os.path.join(out, "model.txt")  # which model rendered the folder: re-render when it changes
    done = sorted(glob.glob(os.path.join(out, name + "-*.mkv")))
    if len(done) >= count and os.path.exists(stamp) and open(stamp).read() == model_stamp(model):
        return done[:count]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    cp = run([os.path.join(HERE, "java_cp.sh")]).decode().strip()
    jdk = run(["bash", "-c", ". scripts/jdk.sh >/dev/null && echo \"$JAVA_HOME\""], cwd=ROOT).decode().strip()
    java = os.path.join(jdk, "bin", "java")  # a JDK >= 21, found as ./hallmark finds it
    # -Xss4m: ONNX Runtime initialisation overflows the default 1 MiB thread stack (as in ./hallmark)
    cmd = [java, "-Xss4m", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp", cp,
           "dev.hallmark.generator.eval.RawSamples", "--model", model, "--out", out, "--count", str(count),
           "--seed", str(seed), "--prefix", name, "--min-side", "144", "--max-side", "720"]
    print("render:", " ".join(cmd[-14:]), flush=True)
    env = dict(os.environ, OPT_OUT_TRACKING="true")
    subprocess.run(cmd, check=True, env=env)
    with open(stamp, "w") as fh:
        fh.write(model_stamp(model))
    return sorted(glob.glob(os.path.join(out, name + "-*.mkv")))[:count]


def plan(shared, t2v_clips, scene_clips, wanted, seed):
    """Every variant to make for the wanted sources, each with its own seed (a hash of source, item and index),
    so that rebuilding one source (e.g. t2v when a newer bundle lands) leaves the others as they were."""
    tasks = []
    rnd = random.Random(seed)  # pattern sizes only

    def video(source, path, n):
        if source not in wanted:
            return
        w, h, dur, fps = probe(path)
        for i in range(n):
            split = "train" if i < round(n * SPLIT_AT) else "test"
            lo, hi = (0.0, dur * SPLIT_AT) if split == "train" else (dur * SPLIT_AT, dur)
            tasks.append(dict(source=source, label=SOURCES[source], split=split, item=os.path.basename(path),
                              kind="video", path=path, w=w, h=h, lo=lo, hi=hi))

    video("vtest", os.path.join(FIXTURES, "vtest.avi"), 48)
    video("tree", os.path.join(FIXTURES, "tree.avi"), 48)
    video("megamind", os.path.join(FIXTURES, "Megamind.avi"), 48)
    phone = os.path.join(shared, C2PA_VIDEO1)
    if os.path.exists(phone):
        video("phone", phone, 36)
    else:
        print("warning: no", phone, "(shared fixtures absent): phone source skipped", file=sys.stderr)
    for p in PHOTOS if "photos" in wanted else []:
        path = os.path.join(OPENCV_DATA, p)
        if not os.path.exists(path):
            raise SystemExit(f"missing {path}: apt-get install opencv-doc")
        w, h, _, _ = probe(path)
        for i in range(3):
            tasks.append(dict(source="photos", label=0, split=split_of(p), item=p, kind="photo", path=path,
                              w=w, h=h, lo=0, hi=1))
    for i in range(70):
        pat = PATTERNS[i % len(PATTERNS)]
        w = rnd.choice([320, 480, 640, 720, 960, 1280])
        h = rnd.choice([240, 360, 480, 540, 720])
        tasks.append(dict(source="patterns", label=0, split="train" if i < 49 else "test", item=f"{pat}-{i}",
                          kind="lavfi", path=pat, w=w, h=h, lo=0, hi=2))
    for source, clips in (("scene", scene_clips), ("t2v", t2v_clips)):
        for path in clips:
            w, h, dur, fps = probe(path)
            name = os.path.basename(path)
            for i in range(2):
                tasks.append(dict(source=source, label=1, split=split_of(name), item=name, kind="video",
                                  path=path, w=w, h=h, lo=0, hi=dur))
    tasks = [t for t in tasks if t["source"] in wanted]
    per_item, per_source = {}, {}
    for t in tasks:
        key = (t["source"], t["item"])
        per_item[key] = per_item.get(key, -1) + 1
        per_source[t["source"]] = per_source.get(t["source"], -1) + 1
        h = hashlib.sha256(f"{seed}/{t['source']}/{t['item']}/{per_item[key]}".encode()).hexdigest()
        t["seed"] = int(h[:8], 16)
        t["index"] = per_source[t["source"]]
        t["variant"] = f"{t['source']}-{t['index']}"
    return tasks


def even(v):
    v = int(round(v))
    return max(16, v + (v & 1))


def make_variant(t, tmp):
    """Runs the degradation chain for one task; returns the path of the final H.264 file."""
    rnd = random.Random(t["seed"])
    src_args = []
    seconds = 1.5
    if t["kind"] == "video":
        span = max(0.0, t["hi"] - t["lo"] - seconds)
        start = t["lo"] + rnd.random() * span
        seconds = min(seconds, t["hi"] - t["lo"])
        src_args = ["-ss", f"{start:.3f}", "-t", f"{seconds:.3f}", "-i", t["path"]]
    elif t["kind"] == "photo":
        src_args = ["-loop", "1", "-framerate", "10", "-t", "1", "-i", t["path"]]
    else:
        pat = t["path"]
        size = f"{t['w']}x{t['h']}"
        rate = rnd.choice([10, 25, 30])
        opts = f"rate={rate}" if pat == "colorchart" else f"size={size}:rate={rate}"
        if pat == "gradients":
            opts += f":c0=0x{rnd.getrandbits(24):06x}:c1=0x{rnd.getrandbits(24):06x}:speed=0.0{rnd.randint(1, 5)}"
        src_args = ["-f", "lavfi", "-t", "1.5", "-i", f"{pat}={opts}"]
    # 1. optional legacy re-encode (both classes): MPEG-4 Part 2 or MJPEG at a random quality
    if rnd.random() < 0.4:
        legacy = os.path.join(tmp, f"l{t['variant']}.avi")
        codec = rnd.choice(["mpeg4", "mjpeg"])
        run(["ffmpeg", "-v", "error", "-y", *src_args, "-an", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
             "-c:v", codec, "-q:v", str(rnd.randint(2, 12)), "-pix_fmt", "yuv420p" if codec == "mpeg4" else
             "yuvj420p", legacy])
        src_args = ["-i", legacy]
    # 2. random crop (30-100 % of each side), random resize (short side 144..720), optional desaturation,
    #    H.264 at a random CRF, preset and GOP
    fw = rnd.uniform(0.55, 1.0)
    fh = min(1.0, max(0.55, fw * rnd.uniform(0.8, 1.25)))
    cw, ch = max(32, int(t["w"] * fw)) // 2 * 2, max(32, int(t["h"] * fh)) // 2 * 2
    if t["kind"] == "lavfi" and t["path"] == "colorchart":
        crop = "crop=trunc(iw*0.4)*2:trunc(ih*0.4)*2"  # fixed-size source (64 px patches, 6x4)
        aspect = 1.5
    else:
        cx, cy = rnd.randint(0, t["w"] - cw), rnd.randint(0, t["h"] - ch)
        crop = f"crop={cw}:{ch}:{cx}:{cy}"
        aspect = cw / ch
    short = int(round(np.exp(rnd.uniform(np.log(144), np.log(720)))))
    if aspect >= 1:
        tw, th = even(min(short * aspect, 1280)), even(short)
    else:
        tw, th = even(short), even(min(short / aspect, 1280))
    flags = rnd.choice(["bicubic", "bilinear", "lanczos", "area"])
    vf = f"{crop},scale={tw}:{th}:flags={flags}"
    if rnd.random() < 0.1:
        vf += ",hue=s=0"
    out = os.path.join(tmp, f"v{t['variant']}.mp4")
    crf = rnd.randint(16, 36)
    preset = rnd.choice(["ultrafast", "veryfast", "fast", "medium"])
    gop = rnd.choice([12, 30, 60, 250])
    run(["ffmpeg", "-v", "error", "-y", *src_args, "-an", "-vf", vf, "-c:v", "libx264", "-preset", preset,
         "-crf", str(crf), "-g", str(gop), "-pix_fmt", "yuv420p", "-threads", "1", out])
    t["chain"] = dict(crop=crop, size=[tw, th], scale=flags, crf=crf, preset=preset, gop=gop,
                      legacy=src_args[-1].endswith(".avi"))
    return out, tw, th


def canonical_frames(path, w, h, rnd, nframes):
    """Decodes the variant scaled to the canonical size (bicubic, I420) and keeps frame 0 + random others."""
    cw, ch = C.canonical_size(w, h)
    raw = run(["ffmpeg", "-v", "error", "-i", path, "-vf", f"scale={cw}:{ch}:flags=bicubic", "-pix_fmt",
               "yuv420p", "-f", "rawvideo", "-"])
    fs = cw * ch + 2 * ((cw + 1) // 2) * ((ch + 1) // 2)
    n = len(raw) // fs
    if n == 0:
        raise RuntimeError("no frames in " + path)
    picks = [0] + rnd.sample(range(1, n), min(nframes - 1, n - 1)) if n > 1 else [0]
    frames = [C.i420_to_rgb(raw[i * fs:(i + 1) * fs], cw, ch) for i in sorted(picks)]
    return frames, sorted(picks)


def work_one(args):
    t, tmp = args
    rnd = random.Random(t["seed"] ^ 0x5DEECE66D)
    try:
        path, tw, th = make_variant(t, tmp)
        frames, picks = canonical_frames(path, tw, th, rnd, 2 if t["kind"] == "photo" else 4)
        os.remove(path)
        legacy = os.path.join(tmp, f"l{t['variant']}.avi")
        if os.path.exists(legacy):
            os.remove(legacy)
        return dict(t, frames=frames, picks=picks)
    except Exception as e:  # report and go on: one bad variant must not stop the run
        return dict(t, error=str(e)[-500:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="work")
    ap.add_argument("--t2v", default=None, help="tiny-t2v (built-in) or a bundle folder; default: built-in if "
                                                  "this checkout has it")
    ap.add_argument("--scene-clips", type=int, default=60)
    ap.add_argument("--t2v-clips", type=int, default=60)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"), help="the project's shared folder")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sources", default=",".join(SOURCES), help="comma-separated sources to (re)build")
    args = ap.parse_args()
    t0 = time.time()
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "frames"), exist_ok=True)
    wanted = args.sources.split(",")
    unknown = [w for w in wanted if w not in SOURCES]
    if unknown:
        raise SystemExit(f"unknown sources {unknown}; known: {list(SOURCES)}")
    t2v = args.t2v
    builtin = os.path.join(ROOT, "generator", "src", "main", "resources", "models", "tiny-t2v", "manifest.json")
    if t2v is None and "t2v" in wanted:
        if not os.path.exists(builtin):
            raise SystemExit("this checkout has no built-in tiny-t2v bundle: pass --t2v BUNDLE_DIR (README.md)")
        t2v = "tiny-t2v"
    scene = render_ai(work, "scene", "scene", args.scene_clips, args.seed) if "scene" in wanted else []
    t2v_clips = render_ai(work, os.path.abspath(t2v) if t2v != "tiny-t2v" else t2v, "t2v", args.t2v_clips,
                          args.seed + 1) if "t2v" in wanted else []
    tasks = plan(args.shared, t2v_clips, scene, wanted, args.seed)
    tmp = os.path.join(work, "tmp")
    os.makedirs(tmp, exist_ok=True)
    print(f"{len(tasks)} variants", flush=True)
    results = []
    with Pool(args.jobs) as pool:
        for i, r in enumerate(pool.imap_unordered(work_one, [(t, tmp) for t in tasks], chunksize=2)):
            results.append(r)
            if "error" in r:
                print("variant failed:", r["source"], r["item"], r["error"], file=sys.stderr, flush=True)
            if (i + 1) % 50 == 0:
                print(f"{i + 1}/{len(tasks)} variants, {time.time() - t0:.0f}s", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    ok = [r for r in results if "error" not in r]
    by = {}
    for r in sorted(ok, key=lambda r: r["index"]):
        by.setdefault(r["source"], []).append(r)
    summary = {}
    for s, rs in by.items():
        with open(os.path.join(work, "frames", s + ".pkl"), "wb") as fh:
            pickle.dump(rs, fh, protocol=4)
        summary[s] = {"variants": len(rs), "frames": sum(len(r["frames"]) for r in rs),
                      "train": sum(r["split"] == "train" for r in rs), "test": sum(r["split"] == "test" for r in rs)}
    mpath = os.path.join(work, "frames", "meta.json")
    meta = json.load(open(mpath)) if os.path.exists(mpath) else {"sources": {}, "runs": []}
    meta["sources"].update(summary)
    meta["canonical"] = {"short": C.FRAME_SHORT_SIDE, "patch": C.PATCH}
    meta["runs"].append({"sources": wanted, "seed": args.seed, "t2v": model_stamp(t2v) if "t2v" in wanted else None,
                         "failed": len(results) - len(ok), "seconds": round(time.time() - t0)})
    with open(mpath, "w") as fh:
        json.dump(meta, fh, indent=1)
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
