package dev.hallmark.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.testing.TestClips;
import dev.hallmark.provenance.TrustAnchors;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hallmark verify} against real files: the c2pa-rs fixtures (verdicts consistent with the C2PA states
 * c2pa-rs reports for them, see provenance's fixture README), real footage (no evidence), hostile input.
 */
class AiVideoVerifierIT {
    @TempDir
    static Path tmp;
    static AiVideoVerifier verifier;

    @BeforeAll
    static void setUp() throws Exception {
        TrustAnchors anchors = TrustAnchors.load(List.of(resource("c2pa/trust/c2pa-rs_test_cert_root_bundle.pem"),
                resource("c2pa/trust/generated_test_root_ca.pem")));
        verifier = AiVideoVerifier.builder().trust(anchors).build();
    }

    static Path resource(String name) throws Exception {
        Path out = tmp.resolve(name.replace('/', '_'));
        if (!Files.exists(out)) {
            try (InputStream in = AiVideoVerifierIT.class.getResourceAsStream("/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out;
    }

    static Evidence c2pa(Assessment a) {
        return a.evidence().stream().filter(e -> e.check().equals("c2pa")).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "c2pa/signed-by-c2pa-rs/faststart_signed.mp4, Trusted, AI_GENERATED, false",
        "c2pa/signed-by-c2pa-rs/moov_end_signed.mp4, Trusted, AI_GENERATED, false",
        "c2pa/signed-by-c2pa-rs/testca_leaf_valid.mp4, Trusted, AI_GENERATED, false",
        "c2pa/signed-by-c2pa-rs/tampered_mdat.mp4, Invalid, POSSIBLY_AI, true",
        "c2pa/signed-by-c2pa-rs/faststart.mp4, Absent, NO_EVIDENCE, false",
        "c2pa/c2pa-rs/video1_no_manifest.mp4, Absent, NO_EVIDENCE, false",
        "c2pa/c2pa-rs/legacy.mp4, Invalid, , true",
        "c2pa/c2pa-rs/video1.mp4, Valid, , false",
        "c2pa/c2pa-rs/C.jpg, Trusted, , false",
        "c2pa/public-testfiles/adobe-20220124-CA.jpg, Trusted, , false",
        "c2pa/public-testfiles/adobe-20220124-E-dat-CA.jpg, Invalid, , true",
        "c2pa/public-testfiles/adobe-20220124-E-sig-CA.jpg, Invalid, , true",
        "c2pa/public-testfiles/adobe-20220124-E-uri-CA.jpg, Invalid, , true",
    })
    void c2paFixturesGiveVerdictsConsistentWithTheirStates(String name, String state, String verdict,
            boolean tampered) throws Exception {
        Assessment a = verifier.verify(resource(name));
        assertThat(c2pa(a).data().get("state")).isEqualTo(state);
        if (verdict != null) {
            assertThat(a.verdict().name()).isEqualTo(verdict);
        }
        assertThat(a.tampering().stream().anyMatch(t -> t.code().equals("c2pa.invalid"))).isEqualTo(tampered);
        if (tampered) {
            assertThat(a.verdict()).isNotInstanceOf(Verdict.AiGenerated.class);
        }
        if (name.contains("tampered_mdat")) {
            assertThat(c2pa(a).code()).isEqualTo("assertion.bmffHash.mismatch");
        }
    }

    @Test
    void realFootageHasNoEvidenceAndAnimationIsNotCalledAi() throws Exception {
        for (String clip : List.of("video/vtest.avi", "video/tree.avi")) {
            Assessment a = verifier.verify(TestClips.fixture(clip));
            assertThat(a.verdict().name()).as(clip).isEqualTo("NO_EVIDENCE");
            assertThat(a.tampering()).isEmpty();
        }
        Assessment m = verifier.verify(TestClips.fixture("video/Megamind.avi"));
        assertThat(m.verdict()).isNotInstanceOf(Verdict.AiGenerated.class);
    }

    @Test
    void unreadableInputIsAnErrorNotAVerdict() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "hello ".repeat(100));
        assertThatThrownBy(() -> verifier.verify(text)).isInstanceOf(ClassifierException.class);
        assertThatThrownBy(() -> verifier.verify(TestClips.fixture("hostile/nested_moov_1000.mp4")))
                .isInstanceOf(ClassifierException.class).hasMessageContaining("nested");
    }
}
