package dev.hallmark.generator.scene;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scene vocabulary: shapes, colours, motions and backgrounds a prompt may name, and their synonyms. The
 * {@code CORE_*} subsets are what tiny-t2v was trained on (tools/train/tiny_t2v/vocab.py uses the same RGB values)
 * and what the adherence oracle checks; the {@code scene} renderer understands the rest as well.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    public enum Shape {
        CIRCLE, SQUARE, TRIANGLE, STAR, DIAMOND, RING, CROSS, HEXAGON;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Motion {
        LEFT, RIGHT, UP, DOWN, BOUNCING, SPINNING, GROWING, SHRINKING, CIRCLING, STILL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Object colours, sRGB. The first eight are tiny-t2v's. */
    public static final Map<String, int[]> COLOURS = ordered(
            "red", 220, 40, 40, "orange", 245, 140, 20, "yellow", 240, 220, 40, "green", 40, 180, 60,
            "cyan", 40, 200, 220, "blue", 40, 80, 230, "purple", 150, 60, 200, "white", 245, 245, 245,
            "pink", 250, 130, 180, "magenta", 220, 40, 200, "brown", 140, 90, 40, "black", 20, 20, 20,
            "gray", 128, 128, 128);

    /** Flat backgrounds, sRGB. The first four are tiny-t2v's; gradients are in {@link SceneRenderer}. */
    public static final Map<String, int[]> BACKGROUNDS = ordered(
            "black", 12, 12, 12, "white", 238, 238, 238, "gray", 128, 128, 128, "navy", 20, 28, 80,
            "sky", 120, 180, 235, "sunset", 240, 120, 60, "grass", 70, 150, 60, "night", 10, 14, 40);

    public static final List<String> CORE_COLOURS = List.of("red", "orange", "yellow", "green", "cyan", "blue",
            "purple", "white");
    public static final List<String> CORE_BACKGROUNDS = List.of("black", "white", "gray", "navy");
    public static final List<Shape> CORE_SHAPES = List.of(Shape.CIRCLE, Shape.SQUARE, Shape.TRIANGLE);
    public static final List<Motion> CORE_MOTIONS = List.of(Motion.LEFT, Motion.RIGHT, Motion.UP, Motion.DOWN,
            Motion.BOUNCING, Motion.SPINNING, Motion.GROWING, Motion.SHRINKING);

    /** Words naming shapes. */
    public static final Map<String, Shape> SHAPE_WORDS = Map.ofEntries(
            Map.entry("circle", Shape.CIRCLE), Map.entry("circles", Shape.CIRCLE), Map.entry("ball", Shape.CIRCLE),
            Map.entry("disc", Shape.CIRCLE), Map.entry("disk", Shape.CIRCLE), Map.entry("dot", Shape.CIRCLE),
            Map.entry("sphere", Shape.CIRCLE), Map.entry("square", Shape.SQUARE), Map.entry("box", Shape.SQUARE),
            Map.entry("block", Shape.SQUARE), Map.entry("cube", Shape.SQUARE), Map.entry("triangle", Shape.TRIANGLE),
            Map.entry("pyramid", Shape.TRIANGLE), Map.entry("star", Shape.STAR), Map.entry("diamond", Shape.DIAMOND),
            Map.entry("rhombus", Shape.DIAMOND), Map.entry("ring", Shape.RING), Map.entry("donut", Shape.RING),
            Map.entry("cross", Shape.CROSS), Map.entry("plus", Shape.CROSS), Map.entry("hexagon", Shape.HEXAGON));

    /** Words naming motions (single words; "to the left" etc. reduce to these). */
    public static final Map<String, Motion> MOTION_WORDS = Map.ofEntries(
            Map.entry("left", Motion.LEFT), Map.entry("leftward", Motion.LEFT), Map.entry("leftwards", Motion.LEFT),
            Map.entry("right", Motion.RIGHT), Map.entry("rightward", Motion.RIGHT),
            Map.entry("rightwards", Motion.RIGHT), Map.entry("up", Motion.UP), Map.entry("upward", Motion.UP),
            Map.entry("upwards", Motion.UP), Map.entry("rising", Motion.UP), Map.entry("rises", Motion.UP),
            Map.entry("ascending", Motion.UP), Map.entry("down", Motion.DOWN), Map.entry("downward", Motion.DOWN),
            Map.entry("downwards", Motion.DOWN), Map.entry("falling", Motion.DOWN), Map.entry("falls", Motion.DOWN),
            Map.entry("sinking", Motion.DOWN), Map.entry("sinks", Motion.DOWN), Map.entry("dropping", Motion.DOWN),
            Map.entry("bouncing", Motion.BOUNCING), Map.entry("bounces", Motion.BOUNCING),
            Map.entry("bounce", Motion.BOUNCING), Map.entry("hopping", Motion.BOUNCING),
            Map.entry("hops", Motion.BOUNCING), Map.entry("jumping", Motion.BOUNCING),
            Map.entry("spinning", Motion.SPINNING), Map.entry("spins", Motion.SPINNING),
            Map.entry("rotating", Motion.SPINNING), Map.entry("rotates", Motion.SPINNING),
            Map.entry("turning", Motion.SPINNING), Map.entry("twirling", Motion.SPINNING),
            Map.entry("growing", Motion.GROWING), Map.entry("grows", Motion.GROWING),
            Map.entry("expanding", Motion.GROWING), Map.entry("bigger", Motion.GROWING),
            Map.entry("shrinking", Motion.SHRINKING), Map.entry("shrinks", Motion.SHRINKING),
            Map.entry("smaller", Motion.SHRINKING), Map.entry("contracting", Motion.SHRINKING),
            Map.entry("circling", Motion.CIRCLING), Map.entry("orbiting", Motion.CIRCLING),
            Map.entry("orbits", Motion.CIRCLING), Map.entry("still", Motion.STILL), Map.entry("static", Motion.STILL),
            Map.entry("resting", Motion.STILL), Map.entry("standing", Motion.STILL));

    /** Spelling variants mapped to the canonical colour or background word. */
    public static final Map<String, String> COLOUR_ALIASES = Map.of("grey", "gray", "violet", "purple",
            "teal", "cyan");

    private static Map<String, int[]> ordered(Object... kv) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 4) {
            m.put((String) kv[i], new int[] {(Integer) kv[i + 1], (Integer) kv[i + 2], (Integer) kv[i + 3]});
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
