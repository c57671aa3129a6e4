package dev.hallmark.generator.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenePromptTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a red circle moving left on a black background | CIRCLE | red | LEFT | black",
        "a navy background with a orange square going left | SQUARE | orange | LEFT | navy",
        "the yellow triangle is sinking on grey | TRIANGLE | yellow | DOWN | gray",
        "white box expanding against a black background | SQUARE | white | GROWING | black",
        "A Blue Ball Bouncing Up And Down, white background | CIRCLE | blue | BOUNCING | white",
        "green star spinning under a night sky | STAR | green | SPINNING | night",
        "purple triangle rotating, gray background | TRIANGLE | purple | SPINNING | gray",
        "black background, a white dot getting smaller | CIRCLE | white | SHRINKING | black",
        "a cyan hexagon orbiting over sunset | HEXAGON | cyan | CIRCLING | sunset",
        "an orange ring moving to the right on a sky background | RING | orange | RIGHT | sky",
    })
    void parsesCaptions(String prompt, Shape shape, String colour, Motion motion, String bg) {
        ScenePrompt p = ScenePrompt.parse(prompt);
        assertThat(p.shape()).contains(shape);
        assertThat(p.colour()).contains(colour);
        assertThat(p.motion()).contains(motion);
        assertThat(p.background()).contains(bg);
    }

    @Test
    void fillsGapsFromTheSeedDeterministically() {
        ScenePrompt p = ScenePrompt.parse("something nice");
        assertThat(p.shape()).isEmpty();
        SceneSpec a = p.resolve(5);
        assertThat(p.resolve(5)).isEqualTo(a);
        assertThat(a.colour()).isNotEqualTo(a.background());
        // over many seeds every core shape shows up, and never an invisible combination
        java.util.Set<Shape> shapes = new java.util.HashSet<>();
        for (long s = 0; s < 200; s++) {
            SceneSpec x = p.resolve(s);
            shapes.add(x.shape());
            assertThat(x.colour()).isNotEqualTo(x.background());
            assertThat(x.shape() == Shape.CIRCLE && x.motion() == Motion.SPINNING).isFalse();
        }
        assertThat(shapes).containsAll(Vocabulary.CORE_SHAPES);
    }

    @Test
    void namedPartsAreKept() {
        SceneSpec s = ScenePrompt.parse("a red square").resolve(1);
        assertThat(s.shape()).isEqualTo(Shape.SQUARE);
        assertThat(s.colour()).isEqualTo("red");
    }
}
