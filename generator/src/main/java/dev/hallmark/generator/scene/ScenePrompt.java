package dev.hallmark.generator.scene;

import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a prompt names, in the scene vocabulary. A colour word is the background when it is followed by
 * "background"/"backdrop" or follows "on"/"against"/"over" (optionally with an article) and no shape word follows
 * it; background-only words (sky, sunset, grass, night) are always backgrounds; the first other colour word is the
 * object's. "up and down" means bouncing. Anything not named is chosen from the seed.
 */
public record ScenePrompt(Optional<Shape> shape, Optional<String> colour, Optional<Motion> motion,
        Optional<String> background) {

    private static final Set<String> BG_NOUNS = Set.of("background", "backdrop", "backround");
    private static final Set<String> BG_PREPS = Set.of("on", "against", "over");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    public static ScenePrompt parse(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        List<String> t = new ArrayList<>();
        for (String w : text.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                t.add(Vocabulary.COLOUR_ALIASES.getOrDefault(w, w));
            }
        }
        Shape shape = null;
        Motion motion = text.matches(".*\\bup and down\\b.*") ? Motion.BOUNCING : null;
        for (String w : t) {
            if (shape == null && Vocabulary.SHAPE_WORDS.containsKey(w)) {
                shape = Vocabulary.SHAPE_WORDS.get(w);
            }
            if (motion == null && Vocabulary.MOTION_WORDS.containsKey(w)) {
                motion = Vocabulary.MOTION_WORDS.get(w);
            }
        }
        String colour = null;
        String bg = null;
        for (int i = 0; i < t.size(); i++) {
            String w = t.get(i);
            boolean isColour = Vocabulary.COLOURS.containsKey(w);
            boolean isBg = Vocabulary.BACKGROUNDS.containsKey(w);
            if (!isColour && !isBg) {
                continue;
            }
            String next = i + 1 < t.size() ? t.get(i + 1) : "";
            String prev = i >= 1 ? t.get(i - 1) : "";
            String prev2 = i >= 2 ? t.get(i - 2) : "";
            boolean shapeNext = Vocabulary.SHAPE_WORDS.containsKey(next);
            boolean bgContext = BG_NOUNS.contains(next) || BG_PREPS.contains(prev)
                    || (ARTICLES.contains(prev) && BG_PREPS.contains(prev2));
            if (bg == null && !shapeNext && (bgContext || (isBg && !isColour))) {
                bg = w;
            } else if (colour == null && isColour) {
                colour = w;
            }
        }
        return new ScenePrompt(Optional.ofNullable(shape), Optional.ofNullable(colour), Optional.ofNullable(motion),
                Optional.ofNullable(bg));
    }

    /** Fills what the prompt left open from the seed (core vocabulary), keeping object and background distinct. */
    public SceneSpec resolve(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5CE7E5EEDL);
        Shape s = shape.orElseGet(() -> Vocabulary.CORE_SHAPES.get(r.nextInt(Vocabulary.CORE_SHAPES.size())));
        Motion m = motion.orElseGet(() -> {
            Motion x = Vocabulary.CORE_MOTIONS.get(r.nextInt(Vocabulary.CORE_MOTIONS.size()));
            return x == Motion.SPINNING && s == Shape.CIRCLE ? Motion.BOUNCING : x;
        });
        String bg = background.orElse(null);
        String c = colour.orElse(null);
        if (c == null) {
            List<String> options = new ArrayList<>(Vocabulary.CORE_COLOURS);
            options.remove(bg);
            c = options.get(r.nextInt(options.size()));
        }
        if (bg == null) {
            List<String> options = new ArrayList<>(Vocabulary.CORE_BACKGROUNDS);
            options.remove(c);
            if (c.equals("blue")) {
                options.remove("navy");
            }
            bg = options.get(r.nextInt(options.size()));
        }
        return new SceneSpec(s, c, m, bg);
    }
}
