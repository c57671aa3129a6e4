package dev.hallmark.policies.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policies.Level;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackReaderTest {
    static final String MINIMAL = """
            {"format":"hallmark.policy-pack","formatVersion":1,"jurisdiction":"xx","title":"Test","packVersion":"1.0",
             "published":"2026-01-01","mode":"base","rules":[
              {"id":"xx.label","kind":"visible-label","level":"required","effectiveFrom":"2026-01-01",
               "sources":[{"instrument":"Test Act","clause":"Art. 1","basis":"law"}],
               "params":{"texts":["AI"],"minHeightRatio":0.04}}]}""";

    static PolicyPack parse(String json) throws PolicyException {
        return PackReader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json", "test.json");
    }

    static PolicyException fails(String json) {
        try {
            parse(json);
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("pack was accepted: " + json);
    }

    @Test
    void readsAMinimalPack() throws Exception {
        PolicyPack p = parse(MINIMAL);
        assertThat(p.jurisdiction()).isEqualTo("xx");
        assertThat(p.rules()).hasSize(1);
        PackRule r = p.rules().get(0);
        assertThat(r.kind()).isEqualTo(RuleKind.VISIBLE_LABEL);
        assertThat(r.level()).isEqualTo(Level.REQUIRED);
        assertThat(((RuleParams.VisibleLabel) r.params()).minHeightRatio().getAsDouble()).isEqualTo(0.04);
    }

    @Test
    void shippedPacksAreValid() throws Exception {
        assertThat(PolicyCatalog.builtinPacks()).extracting(PolicyPack::jurisdiction)
                .containsExactly("cn", "eu", "us-ca", "none");
    }

    @Test
    void errorNamesFilePathAndProblem() {
        PolicyException e = fails(MINIMAL.replace("\"minHeightRatio\":0.04", "\"minHeightRatio\":5"));
        assertThat(e.reason()).isEqualTo(Reason.INVALID);
        assertThat(e.problems()).extracting(Problem::where).containsExactly("/rules/0/params/minHeightRatio");
        assertThat(e.getMessage()).startsWith("test.json: /rules/0/params/minHeightRatio: must be a number above 0.0 to 1.0, got 5");
    }

    @Test
    void reportsEveryProblemNotOnlyTheFirst() {
        PolicyException e = fails(MINIMAL.replace("\"level\":\"required\"", "\"level\":\"mandatory\"")
                .replace("\"clause\":\"Art. 1\",", "").replace("\"minHeightRatio\"", "\"minHeigthRatio\""));
        assertThat(e.problems()).extracting(Problem::where).containsExactlyInAnyOrder("/rules/0/level",
                "/rules/0/sources/0/clause", "/rules/0/params/minHeigthRatio");
        assertThat(e.getMessage()).contains("(and 2 more problems)");
    }

    @Test
    void unknownMembersAreRejected() {
        PolicyException e = fails(MINIMAL.replace("\"mode\":\"base\"", "\"mode\":\"base\",\"extra\":1"));
        assertThat(e.problems().get(0).where()).isEqualTo("/extra");
        assertThat(e.problems().get(0).message()).startsWith("unknown member");
    }

    @Test
    void crossFieldChecks() {
        assertThat(fails(MINIMAL.replace("\"texts\":[\"AI\"]", "\"texts\":[\"Hello\"],\"textRule\":[[\"AI\"]]"))
                .problems().get(0).message()).contains("does not satisfy textRule");
        assertThat(fails(MINIMAL.replace("\"xx.label\"", "\"yy.label\"")).problems().get(0).message())
                .contains("must start with the pack's jurisdiction");
        assertThat(fails(MINIMAL.replace("\"effectiveFrom\":\"2026-01-01\"",
                "\"effectiveFrom\":\"2026-01-01\",\"effectiveUntil\":\"2025-01-01\"")).problems().get(0).where())
                .isEqualTo("/rules/0/effectiveUntil");
        assertThat(fails(MINIMAL.replace("\"texts\":[\"AI\"]", "\"textRule\":[[]]"))
                .problems().get(0).message()).contains("must be an array of 1 to 10 alternative strings");
        assertThat(fails(MINIMAL.replace("\"texts\":[\"AI\"]", "\"textPattern\":\"(a+)+$\""))
                .problems().get(0).message()).as("no regular expressions from files").startsWith("unknown member");
        assertThat(fails(MINIMAL.replace("\"published\":\"2026-01-01\"", "\"published\":\"2026-02-30\""))
                .problems().get(0).message()).contains("not a calendar date");
    }

    @Test
    void duplicateRuleIdsAndDuplicateKeysAreRejected() {
        String rule = MINIMAL.substring(MINIMAL.indexOf("{\"id\""), MINIMAL.lastIndexOf("]}"));
        String two = MINIMAL.replace(rule, rule + "," + rule);
        assertThat(fails(two).problems().get(0).message()).contains("duplicate rule id");
        PolicyException dup = fails(MINIMAL.replace("\"title\":\"Test\"", "\"title\":\"Test\",\"title\":\"Again\""));
        assertThat(dup.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(dup.getMessage()).contains("Duplicate");
    }

    @Test
    void unknownFormatOrVersionIsUnsupported() {
        PolicyException v = fails(MINIMAL.replace("\"formatVersion\":1", "\"formatVersion\":2"));
        assertThat(v.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(v.getMessage()).contains("version 2 is not supported");
        PolicyException f = fails(MINIMAL.replace("hallmark.policy-pack", "something-else"));
        assertThat(f.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        PolicyException e = fails("{\n \"format\": \"hallmark.policy-pack\",\n \"formatVersion\": 1,,\n}");
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.problems().get(0).where()).startsWith("line 3, column");
    }

    @Test
    void hostileNestingAndSizeAreBounded() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(fails(deep).reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
        byte[] big = new byte[(int) PackReader.MAX_BYTES + 1];
        assertThatThrownBy(() -> PackReader.parse(big, "big.json", "big.json"))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED));
    }

    @Test
    void notUtf8IsMalformed() {
        byte[] bad = MINIMAL.getBytes(StandardCharsets.UTF_8);
        bad[20] = (byte) 0xC3;
        bad[21] = (byte) 0x28;
        assertThatThrownBy(() -> PackReader.parse(bad, "bad.json", "bad.json"))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void readsFromFileAndNamesIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("op.json");
        Files.writeString(f, MINIMAL.replace("\"level\":\"required\"", "\"level\":\"maybe\""));
        assertThatThrownBy(() -> PackReader.read(f)).isInstanceOfSatisfying(PolicyException.class, e -> {
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.getMessage()).startsWith(f + ": /rules/0/level: must be one of not-required, recommended, offered, required");
        });
        assertThatThrownBy(() -> PackReader.read(dir.resolve("missing.json")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE));
    }

    @Test
    void paramsMustMatchKind() {
        assertThat(fails(MINIMAL.replace("\"kind\":\"visible-label\"", "\"kind\":\"c2pa\"")).problems().get(0).message())
                .contains("takes no params");
        String retention = MINIMAL.replace("\"kind\":\"visible-label\"", "\"kind\":\"retention\"")
                .replace("{\"texts\":[\"AI\"],\"minHeightRatio\":0.04}", "{\"recordClass\":\"generation-log\",\"minimum\":\"P1Y\",\"maximum\":\"P6M\"}");
        assertThat(fails(retention).problems().get(0).message()).contains("shorter than the minimum");
        assertThat(fails(retention.replace("\"P1Y\"", "\"6 months\"")).problems().get(0).message()).contains("ISO-8601 period");
    }

    @Test
    void textRuleIsOrderedGroupsOfAlternativesWithAsciiWordEdges() {
        java.util.List<java.util.List<String>> cn = java.util.List.of(java.util.List.of("人工智能", "AI"), java.util.List.of("生成", "合成"));
        assertThat(RuleParams.VisibleLabel.satisfies("AI生成", cn)).isTrue();
        assertThat(RuleParams.VisibleLabel.satisfies("本视频由人工智能合成", cn)).isTrue();
        assertThat(RuleParams.VisibleLabel.satisfies("ai 生成", cn)).isTrue();
        assertThat(RuleParams.VisibleLabel.satisfies("生成AI", cn)).as("order matters").isFalse();
        assertThat(RuleParams.VisibleLabel.satisfies("RAIN生成", cn)).as("AI inside a word").isFalse();
        java.util.List<java.util.List<String>> eu = java.util.List.of(java.util.List.of("AI", "人工智能"));
        assertThat(RuleParams.VisibleLabel.satisfies("AI-generated", eu)).isTrue();
        assertThat(RuleParams.VisibleLabel.satisfies("Made with AI", eu)).isTrue();
        assertThat(RuleParams.VisibleLabel.satisfies("Synthetic", eu)).isFalse();
    }
}
