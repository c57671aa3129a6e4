"""Caption vocabulary of the tiny-t2v training scenes, shared by the data generator, training and evaluation.

The same words are understood by the Java `scene` renderer and checked by the adherence oracle
(generator/src/main/java/dev/hallmark/generator/scene/ScenePrompt.java, .../eval/AdherenceOracle.java).
Every caption names a colour, a shape, a motion and a background; the held-out split removes whole
(colour, shape, motion) triples from training so that evaluation measures composition, not recall.
"""
import random

# Object colours, sRGB 0..255. The oracle classifies by nearest of these.
COLOURS = {
    "red": (220, 40, 40),
    "orange": (245, 140, 20),
    "yellow": (240, 220, 40),
    "green": (40, 180, 60),
    "cyan": (40, 200, 220),
    "blue": (40, 80, 230),
    "purple": (150, 60, 200),
    "white": (245, 245, 245),
}

BACKGROUNDS = {
    "black": (12, 12, 12),
    "white": (238, 238, 238),
    "gray": (128, 128, 128),
    "navy": (20, 28, 80),
}

SHAPES = ["circle", "square", "triangle"]

MOTIONS = ["left", "right", "up", "down", "bouncing", "spinning", "growing", "shrinking"]

# Words a caption may use for each value (the first is canonical).
SHAPE_WORDS = {
    "circle": ["circle", "ball", "disc", "dot"],
    "square": ["square", "box", "block"],
    "triangle": ["triangle"],
}
MOTION_PHRASES = {
    "left": ["moving left", "moves left", "moving to the left", "sliding left", "drifting left", "going left"],
    "right": ["moving right", "moves right", "moving to the right", "sliding right", "drifting right", "going right"],
    "up": ["moving up", "moves up", "rising", "floating up", "going up"],
    "down": ["moving down", "moves down", "falling", "sinking", "going down"],
    "bouncing": ["bouncing", "bouncing up and down", "hopping", "bounces"],
    "spinning": ["spinning", "rotating", "turning", "spins"],
    "growing": ["growing", "getting bigger", "expanding", "grows"],
    "shrinking": ["shrinking", "getting smaller", "shrinks"],
}
GRAY_WORDS = ["gray", "grey"]

TEMPLATES = [
    "a {c} {s} {m} on a {b} background",
    "{c} {s} {m} on {b}",
    "a {c} {s} {m}, {b} background",
    "a {b} background with a {c} {s} {m}",
    "the {c} {s} is {m} on a {b} background",
    "{c} {s} {m} against a {b} background",
]

MAX_TOKENS = 16
PAD, UNK, CLS = "[PAD]", "[UNK]", "[CLS]"


def valid(colour, shape, motion, background):
    """Combinations the renderer can show unambiguously."""
    if motion == "spinning" and shape == "circle":
        return False  # a spinning circle looks still
    if colour == "white" and background == "white":
        return False
    if colour == "blue" and background == "navy":
        return False
    return True


def all_triples():
    return [(c, s, m) for c in COLOURS for s in SHAPES for m in MOTIONS if valid(c, s, m, "black")]


def held_out_triples(fraction=0.12, seed=1234):
    """Deterministic set of (colour, shape, motion) triples never shown in training."""
    triples = all_triples()
    rng = random.Random(seed)
    rng.shuffle(triples)
    n = max(1, int(round(len(triples) * fraction)))
    return sorted(triples[:n])


def caption(colour, shape, motion, background, rng, drop_bg=False, drop_motion=False):
    s = rng.choice(SHAPE_WORDS[shape])
    m = rng.choice(MOTION_PHRASES[motion])
    b = rng.choice(GRAY_WORDS) if background == "gray" else background
    c = rng.choice(GRAY_WORDS) if colour == "gray" else colour
    if drop_bg and drop_motion:
        return f"a {c} {s}"
    if drop_bg:
        return rng.choice([f"a {c} {s} {m}", f"{c} {s} {m}"])
    if drop_motion:
        return rng.choice([f"a {c} {s} on a {b} background", f"{c} {s} on {b}"])
    return rng.choice(TEMPLATES).format(c=c, s=s, m=m, b=b)


def vocabulary():
    words = set()
    for ws in SHAPE_WORDS.values():
        words.update(ws)
    for ps in MOTION_PHRASES.values():
        for p in ps:
            words.update(p.split())
    for t in TEMPLATES:
        for w in t.replace(",", " ").split():
            if not w.startswith("{"):
                words.add(w)
    words.update(COLOURS)
    words.update(BACKGROUNDS)
    words.update(GRAY_WORDS)
    words.update(["a", "on", "background"])
    return [PAD, UNK, CLS] + sorted(words)


def tokenize(text, vocab_index, max_tokens=MAX_TOKENS):
    """Word-level tokenizer, the same rule as the Java WordTokenizer: lowercase, split on anything that is not
    a-z/0-9, unknown words -> [UNK], [CLS] first, truncate to max_tokens, pad with [PAD] (id 0)."""
    import re
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    ids = [vocab_index[CLS]] + [vocab_index.get(w, vocab_index[UNK]) for w in words]
    ids = ids[:max_tokens]
    return ids + [vocab_index[PAD]] * (max_tokens - len(ids))


def eval_set(per_triple=2, seed=99):
    """Held-out evaluation captions: every held-out triple with `per_triple` (background, wording) variants."""
    rng = random.Random(seed)
    out = []
    for c, s, m in held_out_triples():
        bgs = [b for b in BACKGROUNDS if valid(c, s, m, b)]
        rng.shuffle(bgs)
        for k in range(per_triple):
            b = bgs[k % len(bgs)]
            out.append((caption(c, s, m, b, rng), (c, s, m, b)))
    return out
