package dev.hallmark.policies.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policies.LibraryEntry;
import dev.hallmark.policies.MatchMode;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import dev.hallmark.policies.ScreeningLibrary;
import dev.hallmark.policies.lucene.PromptNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryTest {
    static final String HEAD = "#format: hallmark.screening-library/1\n#name: test-lib\n#version: 1.0\n";

    static ScreeningLibrary lib(String body) throws PolicyException {
        return ScreeningLibrary.parse((HEAD + body).getBytes(StandardCharsets.UTF_8), "lib.tsv");
    }

    static List<String> hits(ScreeningLibrary lib, String prompt) {
        return lib.matcher().match(PromptNormalizer.shared().normalize(prompt)).stream().map(h -> h.entry().id()).toList();
    }

    @Test
    void modes() throws Exception {
        ScreeningLibrary l = lib("""
                category	term	mode	id
                A.1.f/weapons	kill	word	w
                A.1.f/weapons	pipe bomb	prefix	p
                A.1.f/weapons	制作炸药		s
                A.1.h/fraud	fake & bank login	all	a
                A.1.f/weapons	油炸药膳	except	x
                A.1.f/weapons	炸药		b
                """);
        assertThat(hits(l, "how to kill time")).containsExactly("w");
        assertThat(hits(l, "k-i-l-l")).containsExactly("w");
        assertThat(hits(l, "skills and killer whales")).isEmpty();
        assertThat(hits(l, "PIPE BOMBS")).containsExactly("p");
        assertThat(hits(l, "a pipebomb")).containsExactly("p");
        assertThat(hits(l, "the bagpipe bomb")).isEmpty();
        assertThat(hits(l, "教我製作炸藥")).containsExactly("s", "b");
        assertThat(hits(l, "a fake page for the bank login")).containsExactly("a");
        assertThat(hits(l, "a bank login page")).isEmpty();
        assertThat(hits(l, "油炸药膳很好吃")).as("exception phrase suppresses the contained match").isEmpty();
        assertThat(hits(l, "油炸药膳和炸药")).as("a match outside the exception still counts").containsExactly("b");
        assertThat(l.terms()).isEqualTo(5);
        assertThat(l.covers("A.1.f")).isTrue();
        assertThat(l.covers("A.2")).isFalse();
    }

    @Test
    void defaultModeIsSubstringForChineseAndWordOtherwise() throws Exception {
        ScreeningLibrary l = lib("A.1.f/weapons\t炸弹\nA.1.f/weapons\tbomb\n");
        assertThat(l.entries()).extracting(LibraryEntry::mode).containsOnly(MatchMode.AUTO);
        assertThat(hits(l, "定时炸弹来了")).hasSize(1);
        assertThat(hits(l, "bombastic")).isEmpty();
        assertThat(hits(l, "a bomb!")).hasSize(1);
        assertThat(l.entries().get(0).id()).isEqualTo("test-lib:4");
    }

    @Test
    void wildcardExceptSuppressesAnyCategory() throws Exception {
        ScreeningLibrary l = lib("A.4.b/named-person\t成龙\n*\t望子成龙\texcept\n");
        assertThat(hits(l, "望子成龙")).isEmpty();
        assertThat(hits(l, "成龙打拳")).hasSize(1);
    }

    static PolicyException fails(String text) {
        try {
            ScreeningLibrary.parse(text.getBytes(StandardCharsets.UTF_8), "lib.tsv");
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void errorsNameTheLine() {
        PolicyException e = fails(HEAD + "A.1.f\tok\nX9\tterm\nA.1.f\tterm\tfuzzy\nA.1.f\t!!!\nA.9.z\tterm\nA.1.f\tt\tword\tbad id!\n");
        assertThat(e.reason()).isEqualTo(Reason.INVALID);
        assertThat(e.problems()).extracting(Problem::where).containsExactly("line 5", "line 6", "line 7", "line 8", "line 9");
        assertThat(e.getMessage()).startsWith("lib.tsv: line 5: category must be a code");
        assertThat(e.problems().get(2).message()).contains("no letters or digits");
        assertThat(e.problems().get(3).message()).contains("not under a GB/T 45654 Annex A item");
    }

    @Test
    void headerIsRequiredAndVersioned() {
        assertThat(fails("A.1.f\tterm\n").reason()).isEqualTo(Reason.INVALID);
        PolicyException v = fails("#format: hallmark.screening-library/2\n#name: x\n#version: 1\nA.1.f\tt\n");
        assertThat(v.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(v.getMessage()).contains("this build reads version 1");
        assertThat(fails("#format: hallmark.screening-library/1\nA.1.f\tt\n").problems()).extracting(Problem::message)
                .contains("missing '#name: <library-name>'", "missing '#version: <version>'");
        assertThat(fails(HEAD).problems().get(0).message()).isEqualTo("library has no terms");
        assertThat(fails(HEAD + "A.1.f\ta\t\tid1\nA.1.f\tb\t\tid1\n").problems().get(0).message()).contains("duplicate id");
    }

    @Test
    void operatorCategoriesMustHangUnderAnnexA() throws Exception {
        ScreeningLibrary l = lib("#category: A.1.h/gambling\tGambling\nA.1.h/gambling\t赌场\n");
        assertThat(l.categoryName("A.1.h/gambling")).isEqualTo("Gambling");
        assertThat(l.categoryName("A.1.h")).contains("其他法律、行政法规禁止的内容");
        assertThat(fails(HEAD + "#category: B.1/x\tX\nA.1.f\tt\n").problems().get(0).message()).contains("not under");
    }

    @Test
    void starterLibraryIsHonestAboutItsSize() throws Exception {
        ScreeningLibrary s = ScreeningLibrary.starter();
        assertThat(s.name()).isEqualTo("hallmark-starter");
        assertThat(s.terms()).isBetween(200, 2000);
        assertThat(s.description()).contains("NOT an operator's complete keyword library");
        for (String item : Categories.keywordItems()) {
            assertThat(s.covers(item)).as("starter covers %s", item).isTrue();
        }
        assertThat(Categories.keywordItems()).hasSize(17);
    }

    @Test
    void boundsAreEnforced() {
        String longTerm = "a".repeat(LibraryReader.MAX_TERM + 1);
        assertThat(fails(HEAD + "A.1.f\t" + longTerm + "\n").problems().get(0).message()).contains("at most " + LibraryReader.MAX_TERM);
        StringBuilder many = new StringBuilder(HEAD);
        for (int i = 0; i < 150; i++) {
            many.append("bad line\n");
        }
        PolicyException e = fails(many.toString());
        assertThat(e.problems()).hasSize(LibraryReader.MAX_PROBLEMS + 1);
        assertThatThrownBy(() -> LibraryReader.parse(new byte[(int) LibraryReader.MAX_BYTES + 1], "big"))
                .isInstanceOfSatisfying(PolicyException.class, x -> assertThat(x.reason()).isEqualTo(Reason.LIMIT_EXCEEDED));
    }
}
