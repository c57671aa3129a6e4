package dev.hallmark.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsTest {
    static Policies policies;

    @BeforeAll
    static void load() throws Exception {
        policies = Policies.builtin();
    }

    static LabelRequirements req(String js, String date) throws PolicyException {
        return policies.requirements(Jurisdiction.parseList(js), LocalDate.parse(date));
    }

    @Test
    void chinaFromSeptember2025() throws Exception {
        LabelRequirements r = req("cn", "2025-09-01");
        assertThat(r.visibleLabel().required()).isTrue();
        assertThat(r.visibleLabel().text().value()).isEqualTo("AI生成");
        assertThat(r.visibleLabel().acceptableTexts().value()).contains("人工智能生成", "AI合成");
        assertThat(r.visibleLabel().minHeightRatio().value()).isEqualTo(0.05);
        assertThat(r.visibleLabel().minSeconds().value()).isEqualTo(2.0);
        assertThat(r.visibleLabel().defaultTiming()).isEqualTo(Timing.WHOLE);
        assertThat(r.visibleLabel().timings().value()).containsExactly(Timing.WHOLE, Timing.START);
        assertThat(r.visibleLabel().burnedIn().ruleIds()).containsExactly("cn.visible-label.kept-on-export");
        assertThat(r.aigcRequired()).isTrue();
        assertThat(r.aigcMetadata().ruleIds()).containsExactly("cn.aigc-metadata");
        assertThat(r.watermark().value()).isEqualTo(Level.RECOMMENDED);
        assertThat(r.c2paRequired()).isFalse();
        assertThat(r.retentionOf(RecordClass.GENERATION_LOG).minimum()).isEqualTo(Period.ofMonths(6));
        assertThat(r.retentionOf(RecordClass.UNLABELED_OUTPUT_RECIPIENT).minimum()).isEqualTo(Period.ofMonths(6));
        assertThat(r.disclosureFields()).extracting(DisclosureField::name).containsExactly("Label", "ContentProducer",
                "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID", "ReservedCode2");
        assertThat(r.consentRequired(ConsentSubject.FACE_VOICE_EDITING)).isTrue();
        assertThat(r.screening().minLibraryTerms().value()).as("GB/T 45654 applies from 2025-11-01").isZero();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("cn.screening.keyword-library") && n.contains("takes effect 2025-11-01"));
    }

    @Test
    void effectiveDatesMatter() throws Exception {
        LabelRequirements before = req("cn", "2025-08-31");
        assertThat(before.visibleLabel().level().value()).isEqualTo(Level.NOT_REQUIRED);
        assertThat(before.aigcRequired()).isFalse();
        assertThat(before.retentionOf(RecordClass.GENERATION_LOG).minimum()).as("Cybersecurity Law since 2017")
                .isEqualTo(Period.ofMonths(6));
        assertThat(req("cn", "2025-11-01").screening().minLibraryTerms().value()).isEqualTo(10_000);

        LabelRequirements euBefore = req("eu", "2026-08-01");
        assertThat(euBefore.c2paRequired()).isFalse();
        assertThat(euBefore.watermarkRequired()).isFalse();
        assertThat(euBefore.notes()).anyMatch(n -> n.startsWith("eu.c2pa") && n.contains("2026-08-02"));
        LabelRequirements euAfter = req("eu", "2026-08-02");
        assertThat(euAfter.c2paRequired()).isTrue();
        assertThat(euAfter.watermarkRequired()).isTrue();
        assertThat(euAfter.c2pa().decidedBy().get(0).sources().get(0).clause()).startsWith("Art. 50(2)");

        assertThat(req("us-ca", "2026-08-01").disclosureFields()).isEmpty();
        assertThat(req("us-ca", "2026-08-02").disclosureFields()).extracting(DisclosureField::name)
                .containsExactly("providerName", "systemName", "systemVersion", "createdAt", "uniqueId");
    }

    @Test
    void strictestWinsWithReasons() throws Exception {
        LabelRequirements r = req("cn,eu,us-ca", "2026-09-01");
        // watermark: CN only recommends, EU and CA require
        assertThat(r.watermark().value()).isEqualTo(Level.REQUIRED);
        assertThat(r.watermark().ruleIds()).containsExactly("eu.watermark", "us-ca.watermark");
        assertThat(r.watermark().reason()).contains("weaker: cn.watermark recommended");
        // visible label: CN requires, CA only offers; the text must satisfy every pattern
        assertThat(r.visibleLabel().level().value()).isEqualTo(Level.REQUIRED);
        assertThat(r.visibleLabel().level().reason()).contains("weaker: us-ca.manifest-disclosure offered");
        assertThat(r.visibleLabel().text().value()).isEqualTo("AI生成");
        assertThat(r.visibleLabel().text().ruleIds()).contains("cn.visible-label", "eu.visible-label", "us-ca.manifest-disclosure");
        assertThat(r.visibleLabel().minHeightRatio().ruleIds()).containsExactly("cn.visible-label");
        assertThat(r.aigcRequired()).isTrue();
        assertThat(r.c2paRequired()).isTrue();
        assertThat(r.retentionOf(RecordClass.DETECTION_UPLOAD)).isEqualTo(new Retention(Period.ZERO, Optional.of(Period.ofDays(1))));
        assertThat(r.disclosureFields()).hasSize(12);
        assertThat(r.consent().get(ConsentSubject.REAL_PERSON_LIKENESS).ruleIds())
                .containsExactly("cn.consent.likeness", "eu.consent.likeness", "us-ca.consent.likeness");
        assertThat(r.screening().blockedCategories().value()).contains("A.1", "A.2", "A.1.f/weapons");
        assertThat(r.screening().minLibraryTerms().value()).isEqualTo(10_000);
        assertThat(r.packs()).extracting(PackInfo::jurisdiction).containsExactly("cn", "eu", "us-ca");
        assertThat(r.notes()).noneMatch(n -> n.startsWith("CONFLICT"));
    }

    @Test
    void nonePackIsPermissiveButKeepsTheFloor() throws Exception {
        LabelRequirements r = req("none", "2026-09-01");
        assertThat(r.visibleLabel().level().value()).isEqualTo(Level.NOT_REQUIRED);
        assertThat(r.visibleLabel().text().value()).isEqualTo("AI-generated");
        assertThat(r.visibleLabel().minHeightRatio().decidedBy()).isEmpty();
        assertThat(r.visibleLabel().minHeightRatio().reason()).contains("product default");
        assertThat(r.aigcRequired()).isFalse();
        assertThat(r.c2paRequired()).isFalse();
        assertThat(r.watermarkRequired()).isFalse();
        assertThat(r.retentionOf(RecordClass.GENERATION_LOG)).isEqualTo(Retention.NONE);
        assertThat(r.screening().blockedCategories().value()).contains("A.1.f/minors", "A.1.f/weapons");
        assertThat(r.screening().piiRedaction().value()).isEqualTo(Level.REQUIRED);
    }

    @Test
    void unknownJurisdictionIsAClearError() {
        assertThatThrownBy(() -> req("cn,mars", "2026-01-01")).isInstanceOfSatisfying(PolicyException.class,
                e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.UNKNOWN_JURISDICTION));
        assertThatThrownBy(() -> Jurisdiction.parseList("cn,,eu")).isInstanceOfSatisfying(PolicyException.class,
                e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.BAD_ARGUMENT));
        assertThat(assertDoesNotThrow("CN, Eu ,us-ca,cn")).containsExactly(Jurisdiction.CN, Jurisdiction.EU, Jurisdiction.US_CA);
    }

    static List<Jurisdiction> assertDoesNotThrow(String list) {
        try {
            return Jurisdiction.parseList(list);
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void operatorOverrideTakesEffectAndIsNoted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cn-op.json");
        Files.writeString(f, """
                {"format":"hallmark.policy-pack","formatVersion":1,"jurisdiction":"cn","title":"Acme CN override",
                 "packVersion":"acme.3","published":"2026-02-01","mode":"override","rules":[
                  {"id":"cn.visible-label.acme","kind":"visible-label","level":"required","effectiveFrom":"2026-01-01",
                   "sources":[{"instrument":"Acme content policy","clause":"§2","basis":"design"}],
                   "params":{"minHeightRatio":0.08,"minSeconds":3,"positions":["bottom-left","top-left"]}},
                  {"id":"cn.watermark","kind":"watermark","level":"required","effectiveFrom":"2025-09-01",
                   "sources":[{"instrument":"Acme content policy","clause":"§3","basis":"design"}],
                   "justification":"Acme watermarks every clip"}]}""");
        Policies p = Policies.builder().override(f).build();
        LabelRequirements r = p.requirements(List.of(Jurisdiction.CN), LocalDate.of(2026, 3, 1));
        assertThat(r.visibleLabel().minHeightRatio().value()).isEqualTo(0.08);
        assertThat(r.visibleLabel().minHeightRatio().ruleIds()).containsExactly("cn.visible-label.acme");
        assertThat(r.visibleLabel().minHeightRatio().decidedBy().get(0).origin()).isEqualTo(f + "@acme.3");
        assertThat(r.visibleLabel().minSeconds().value()).isEqualTo(3.0);
        assertThat(r.visibleLabel().defaultPosition()).isEqualTo(Position.BOTTOM_LEFT);
        assertThat(r.watermarkRequired()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("cn.watermark is the operator's replacement") && n.contains("Acme watermarks"));
    }

    @Test
    void conflictsAreReportedNotHidden(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xx.json");
        Files.writeString(f, """
                {"format":"hallmark.policy-pack","formatVersion":1,"jurisdiction":"xx","title":"Test land",
                 "packVersion":"1","published":"2026-01-01","mode":"base","rules":[
                  {"id":"xx.label","kind":"visible-label","level":"required","effectiveFrom":"2026-01-01",
                   "sources":[{"instrument":"Test Act","clause":"1","basis":"law"}],
                   "params":{"texts":["Synthetic"],"textRule":[["Synthetic"]],"positions":["center"]}},
                  {"id":"xx.logs","kind":"retention","level":"required","effectiveFrom":"2026-01-01",
                   "sources":[{"instrument":"Test Act","clause":"2","basis":"law"}],
                   "params":{"recordClass":"generation-log","maximum":"P3M"}}]}""");
        Policies p = Policies.builder().override(f).build();
        LabelRequirements r = p.requirements(Jurisdiction.parseList("cn,xx"), LocalDate.of(2026, 3, 1));
        assertThat(r.visibleLabel().text().value()).as("no single text satisfies both; the combined one does")
                .isEqualTo("AI生成 / Synthetic");
        assertThat(r.visibleLabel().text().reason()).contains("combined");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("CONFLICT: retention of generation-log"));
        assertThat(r.retention().get(RecordClass.GENERATION_LOG).reason()).startsWith("CONFLICT");
        assertThat(r.visibleLabel().positions().value()).containsExactly(Position.CENTER);
    }
}
