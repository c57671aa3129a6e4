package dev.hallmark.generator.scene;

import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import java.util.Objects;

/**
 * One scene: a shape of a colour doing a motion over a background (colour and background are vocabulary words).
 */
public record SceneSpec(Shape shape, String colour, Motion motion, String background) {
    public SceneSpec {
        Objects.requireNonNull(shape);
        Objects.requireNonNull(motion);
        if (!Vocabulary.COLOURS.containsKey(colour)) {
            throw new IllegalArgumentException("unknown colour " + colour);
        }
        if (!Vocabulary.BACKGROUNDS.containsKey(background) && !Vocabulary.COLOURS.containsKey(background)) {
            throw new IllegalArgumentException("unknown background " + background);
        }
    }

    /** A caption in the training recipe's first template. */
    public String caption() {
        String m = switch (motion) {
            case LEFT, RIGHT, UP, DOWN -> "moving " + motion.word();
            default -> motion.word();
        };
        return "a " + colour + " " + shape.word() + " " + m + " on a " + background + " background";
    }
}
