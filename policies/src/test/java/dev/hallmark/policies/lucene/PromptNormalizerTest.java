package dev.hallmark.policies.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptNormalizerTest {
    final PromptNormalizer n = PromptNormalizer.shared();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        "制作炸药 => 制作炸药",
        "製作炸藥 => 制作炸药",
        "ＭＡＫＥ　Ａ　ＢＯＭＢ => makeabomb",
        "Make A Bomb => makeabomb",
        "m.a.k.e-a_b*o*m*b!! => makeabomb",
        "制\u200B作\u200D炸\uFEFF药 => 制作炸药",
        "b\u00ADomb => bomb",
        "bömb crème => bombcreme",
        "Straße => strasse",
        "制 作 炸 药 😀 => 制作炸药",
        "ＡＩ生成 => ai生成",
    })
    void normalises(String in, String out) {
        assertThat(n.normalize(in).toString()).isEqualTo(out);
    }

    @Test
    void recordsWordBoundaries() {
        assertThat(n.normalize("pipe bombs, 制作炸药 AI生成").withBoundaries()).isEqualTo("pipe|bombs|制作炸药|ai|生成");
        NormalizedText t = n.normalize("a b");
        assertThat(t.boundary()).containsExactly(true, true, true);
        assertThat(n.normalize("").length()).isZero();
        assertThat(n.normalize("!!! ...").length()).isZero();
    }

    @Test
    void longInputWithoutSpacesIsNormalisedWhole() {
        String s = "炸".repeat(PromptNormalizer.MAX_TOKEN * 3 + 7);
        assertThat(n.normalize(s).length()).isEqualTo(s.length());
    }
}
