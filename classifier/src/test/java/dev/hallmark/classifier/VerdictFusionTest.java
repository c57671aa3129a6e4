package dev.hallmark.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.classifier.fusion.VerdictFusion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictFusionTest {
    static final String TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    static final String CAMERA = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";

    static Evidence c2pa(Outcome o, String sourceType) {
        return new Evidence("c2pa", o, o == Outcome.PASS ? "c2pa.valid" : "c2pa.invalid", "manifest",
                sourceType == null ? Map.of() : Map.of("digitalSourceType", sourceType));
    }

    static Evidence aigc(String label, String seal) {
        return new Evidence("aigc", Outcome.PASS, "aigc.label", "label " + label,
                Map.of("Label", label, "seal", seal, "ProduceID", "01KAB00000000000000000000A", "produceIdWatermark",
                        "00000000000000aa"));
    }

    static Evidence wm(String payload) {
        return new Evidence("watermark", Outcome.PASS, "watermark.detected", "found", Map.of("payload", payload));
    }

    static final Evidence NO_WM = Evidence.of("watermark", Outcome.ABSENT, "watermark.absent", "none");
    static final Evidence NO_C2PA = Evidence.of("c2pa", Outcome.ABSENT, "c2pa.absent", "none");
    static final Evidence NO_AIGC = Evidence.of("aigc", Outcome.ABSENT, "aigc.absent", "none");

    @Test
    void eachStrongLayerAloneIsEnoughForAiGenerated() {
        assertThat(VerdictFusion.fuse(List.of(c2pa(Outcome.PASS, TRAINED), NO_AIGC, NO_WM)).verdict())
                .isInstanceOf(Verdict.AiGenerated.class);
        assertThat(VerdictFusion.fuse(List.of(NO_C2PA, aigc("1", "NOT_HALLMARK"), NO_WM)).verdict())
                .isInstanceOf(Verdict.AiGenerated.class);
        var r = VerdictFusion.fuse(List.of(NO_C2PA, NO_AIGC, wm("00000000000000aa")));
        assertThat(r.verdict()).isInstanceOf(Verdict.AiGenerated.class);
        assertThat(r.tampering()).extracting(Tampering::code).containsExactly("labels.stripped");
    }

    @Test
    void aValidManifestOfACameraIsNotEvidence() {
        var r = VerdictFusion.fuse(List.of(c2pa(Outcome.PASS, CAMERA), NO_AIGC, NO_WM));
        assertThat(r.verdict()).isInstanceOf(Verdict.NoEvidence.class);
        assertThat(r.verdict().name()).isEqualTo("NO_EVIDENCE");
    }

    @Test
    void labelsTwoAndThreeAndTraces() {
        assertThat(VerdictFusion.fuse(List.of(NO_C2PA, aigc("2", "NOT_HALLMARK"), NO_WM)).verdict())
                .isInstanceOf(Verdict.PossiblyAi.class);
        assertThat(VerdictFusion.fuse(List.of(NO_C2PA, aigc("3", "NOT_HALLMARK"), NO_WM)).verdict())
                .isInstanceOf(Verdict.SuspectedAi.class);
        Evidence forensic = new Evidence("forensic", Outcome.PASS, "forensic.suspected", "score 0.9", Map.of());
        assertThat(VerdictFusion.fuse(List.of(NO_C2PA, NO_AIGC, NO_WM, forensic)).verdict())
                .isInstanceOf(Verdict.SuspectedAi.class);
    }

    @Test
    void invalidManifestIsTamperingAndOnlyADeclaration() {
        var r = VerdictFusion.fuse(List.of(c2pa(Outcome.FAIL, TRAINED), NO_AIGC, NO_WM));
        assertThat(r.verdict()).isInstanceOf(Verdict.PossiblyAi.class);
        assertThat(r.tampering()).extracting(Tampering::code).containsExactly("c2pa.invalid");
    }

    @Test
    void watermarkContradictingTheSealedLabelIsTampering() {
        var r = VerdictFusion.fuse(List.of(NO_C2PA, aigc("1", "VALID"), wm("00000000000000bb")));
        assertThat(r.verdict()).isInstanceOf(Verdict.AiGenerated.class);
        assertThat(r.tampering()).extracting(Tampering::code).containsExactly("watermark.payload.mismatch");
        assertThat(VerdictFusion.fuse(List.of(NO_C2PA, aigc("1", "VALID"), wm("00000000000000aa"))).tampering())
                .isEmpty();
    }

    @Test
    void errorsAreNeverCountedAsEvidence() {
        Evidence err = Evidence.of("watermark", Outcome.ERROR, "watermark.error", "could not decode");
        var r = VerdictFusion.fuse(List.of(NO_C2PA, NO_AIGC, err));
        assertThat(r.verdict()).isInstanceOf(Verdict.NoEvidence.class);
        assertThat(r.verdict().reliedOn()).doesNotContain(err);
    }
}
