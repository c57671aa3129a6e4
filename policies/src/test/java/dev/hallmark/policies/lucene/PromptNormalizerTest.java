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

    @Test
    void enclosedAndCircledFormsAreNormalised() {
        assertThat(n.normalize("ⓑⓞⓜⓑ").toString()).isEqualTo("bomb");
        assertThat(n.normalize("①②③").toString()).isEqualTo("123");
    }

    /** The fast path (no char filter) must give exactly what the full chain gives. */
    @Test
    void fastPathAgreesWithTheFullChain() {
        String alphabet = "aBcXyz019 .,!-_\u00E9\u0301\u00DF\u00AD\u200B\u200D\uFEFF\u3000\uFF21\uFF42\uFF10\uFF01\uFF65\uFF76"
                + "\u4E00\u9F8D\u9F99\u8B49\u8BC1\u5236\u88FD\u70B8\u85E5\u3002\uFF0C\uAC00\u1100\u1161\u0627\u0661\u2460\u24B7"
                + "\u00B2\u2167\u3397\u30AB\u3099\u0130\u03A3";
        java.util.Random rnd = new java.util.Random(424242);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(24);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertThat(n.normalize(s).withBoundaries()).as("seed 424242 case %d: %s", i, s)
                    .isEqualTo(n.normalizeFull(s).withBoundaries());
        }
    }

    /** Both shortcuts together against the unconditional chain, on Chinese-heavy random text. */
    @Test
    void conditionalTransformAgreesWithTransformingEveryToken() {
        org.apache.lucene.analysis.Analyzer full = n.unconditionalChain();
        java.util.Random rnd = new java.util.Random(777);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(20);
            for (int k = 0; k < len; k++) {
                int pick = rnd.nextInt(10);
                if (pick < 7) {
                    sb.append((char) (0x4E00 + rnd.nextInt(0x9FA5 - 0x4E00)));
                } else if (pick < 8) {
                    sb.append(" ,。a".charAt(rnd.nextInt(4)));
                } else if (pick < 9) {
                    sb.appendCodePoint(0x20000 + rnd.nextInt(0x500));
                } else {
                    sb.append((char) (0xF900 + rnd.nextInt(0x1FF)));
                }
            }
            String s = sb.toString();
            assertThat(n.normalize(s).withBoundaries()).as("seed 777 case %d: %s", i, s)
                    .isEqualTo(n.normalizeWith(s, full).withBoundaries());
        }
        full.close();
    }
}
