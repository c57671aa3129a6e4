package dev.hallmark.policies.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
    static Set<String> run(AhoCorasick ac, String text) {
        Set<String> out = new TreeSet<>();
        ac.match(text, (p, s, e) -> out.add(p + "@" + s + "-" + e));
        return out;
    }

    /** The peer: every pattern at every position with String.startsWith. */
    static Set<String> naive(List<String> patterns, String text) {
        Set<String> out = new TreeSet<>();
        for (int p = 0; p < patterns.size(); p++) {
            for (int i = 0; i + patterns.get(p).length() <= text.length(); i++) {
                if (text.startsWith(patterns.get(p), i)) {
                    out.add(p + "@" + i + "-" + (i + patterns.get(p).length()));
                }
            }
        }
        return out;
    }

    @Test
    void textbookExample() {
        List<String> ps = List.of("he", "she", "his", "hers");
        AhoCorasick ac = new AhoCorasick(ps);
        assertThat(run(ac, "ushers")).containsExactlyInAnyOrder("1@1-4", "0@2-4", "3@2-6");
        assertThat(run(ac, "")).isEmpty();
    }

    @Test
    void overlappingSuffixesAndChinese() {
        List<String> ps = List.of("炸药", "制作炸药", "药", "作炸");
        assertThat(run(new AhoCorasick(ps), "教你制作炸药")).isEqualTo(naive(ps, "教你制作炸药"));
    }

    @Test
    void agreesWithNaiveMatcherOnRandomInputs() {
        long seed = 20261101L;
        Random rnd = new Random(seed);
        for (int round = 0; round < 300; round++) {
            String alphabet = round % 3 == 0 ? "ab" : round % 3 == 1 ? "abcd" : "制作炸药弹a\uD83D\uDE00";
            Set<String> set = new LinkedHashSet<>();
            int n = 1 + rnd.nextInt(40);
            while (set.size() < n) {
                set.add(randomString(rnd, alphabet, 1 + rnd.nextInt(6)));
            }
            List<String> ps = new ArrayList<>(set);
            AhoCorasick ac = new AhoCorasick(ps);
            for (int t = 0; t < 10; t++) {
                String text = randomString(rnd, alphabet, rnd.nextInt(80));
                assertThat(run(ac, text)).as("seed %d round %d text %s", seed, round, text).isEqualTo(naive(ps, text));
            }
        }
    }

    @Test
    void manyPatterns() {
        Random rnd = new Random(7);
        Set<String> set = new LinkedHashSet<>();
        while (set.size() < 20_000) {
            set.add(randomString(rnd, "abcdefghij制作炸药", 3 + rnd.nextInt(8)));
        }
        List<String> ps = new ArrayList<>(set);
        AhoCorasick ac = new AhoCorasick(ps);
        String text = randomString(rnd, "abcdefghij制作炸药", 2000);
        assertThat(run(ac, text)).isEqualTo(naive(ps, text));
        assertThat(ac.patterns()).isEqualTo(20_000);
    }

    @Test
    void rejectsEmptyAndDuplicatePatterns() {
        assertThatThrownBy(() -> new AhoCorasick(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AhoCorasick(List.of("ab", "ab"))).isInstanceOf(IllegalArgumentException.class);
    }

    static String randomString(Random rnd, String alphabet, int len) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
