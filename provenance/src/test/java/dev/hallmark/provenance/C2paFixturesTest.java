package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our verifier against the fixtures' expected verdicts: state, failure codes and success codes exactly as
 * {@code @contentauth/c2pa-node@0.8.0} (c2pa-rs 0.90.1) reported them (recorded 2026-11 with
 * {@code c2pa-node-read.mjs}; see src/test/resources/c2pa/README.md), with and without trust anchors.
 */
class C2paFixturesTest {
    static ManifestVerifier trusting;
    static ManifestVerifier plain;

    @BeforeAll
    static void setUp() throws Exception {
        trusting = ManifestVerifier.create(Fixtures.anchors());
        plain = ManifestVerifier.create(TrustAnchors.none());
    }

    static final List<String> TS = List.of("timeStamp.validated", "timeStamp.trusted");
    static final List<String> SIG = List.of("claimSignature.insideValidity", "claimSignature.validated");

    static List<String> concat(List<?>... parts) {
        return Stream.of(parts).flatMap(List::stream).map(Object::toString).toList();
    }

    static List<String> n(String code, int times) {
        return java.util.Collections.nCopies(times, code);
    }

    record Expect(String file, String state, List<String> failures, List<String> successes) {
    }

    /** Verdicts with anchors = c2pa-rs test root bundle + generated test root. */
    static Stream<Arguments> withAnchors() {
        String trusted = "signingCredential.trusted";
        String untrusted = "signingCredential.untrusted";
        return Stream.of(
                new Expect("c2pa-rs/C.jpg", "Trusted", List.of(),
                        concat(TS, List.of(trusted), SIG, n("assertion.hashedURI.match", 4), List.of("assertion.dataHash.match"))),
                new Expect("c2pa-rs/c.mov", "Absent", List.of(), List.of()),
                new Expect("c2pa-rs/dashinit.mp4", "Invalid", List.of(untrusted, "assertion.bmffHash.mismatch"),
                        concat(SIG, List.of("assertion.hashedURI.match"))),
                new Expect("c2pa-rs/legacy.mp4", "Invalid", List.of(untrusted, "claimSignature.mismatch"),
                        concat(TS, n("assertion.hashedURI.match", 5), List.of("assertion.bmffHash.match"))),
                new Expect("c2pa-rs/video1.mp4", "Valid", List.of(),
                        concat(TS, List.of(trusted), SIG, n("assertion.hashedURI.match", 5), List.of("assertion.bmffHash.match"))),
                new Expect("c2pa-rs/video1_no_manifest.mp4", "Absent", List.of(), List.of()),
                new Expect("public-testfiles/adobe-20220124-CA.jpg", "Trusted", List.of(),
                        concat(TS, List.of(trusted), SIG, n("assertion.hashedURI.match", 6), List.of("assertion.dataHash.match"))),
                new Expect("public-testfiles/adobe-20220124-E-dat-CA.jpg", "Invalid", List.of("assertion.dataHash.mismatch"),
                        concat(TS, List.of(trusted), SIG, n("assertion.hashedURI.match", 6))),
                new Expect("public-testfiles/adobe-20220124-E-sig-CA.jpg", "Invalid", List.of("claimSignature.mismatch"),
                        concat(List.of(trusted), n("assertion.hashedURI.match", 6), List.of("assertion.dataHash.match"))),
                new Expect("public-testfiles/adobe-20220124-E-uri-CA.jpg", "Invalid", List.of("assertion.hashedURI.mismatch"),
                        concat(TS, List.of(trusted), SIG, n("assertion.hashedURI.match", 5), List.of("assertion.dataHash.match"))),
                new Expect("signed-by-c2pa-rs/faststart.mp4", "Absent", List.of(), List.of()),
                new Expect("signed-by-c2pa-rs/moov_end.mp4", "Absent", List.of(), List.of()),
                new Expect("signed-by-c2pa-rs/fragmented.mp4", "Absent", List.of(), List.of()),
                new Expect("signed-by-c2pa-rs/faststart_signed.mp4", "Trusted", List.of(),
                        concat(List.of(trusted), SIG, n("assertion.hashedURI.match", 2), List.of("assertion.bmffHash.match"))),
                new Expect("signed-by-c2pa-rs/moov_end_signed.mp4", "Trusted", List.of(),
                        concat(List.of(trusted), SIG, n("assertion.hashedURI.match", 2), List.of("assertion.bmffHash.match"))),
                new Expect("signed-by-c2pa-rs/tampered_mdat.mp4", "Invalid", List.of("assertion.bmffHash.mismatch"),
                        concat(List.of(trusted), SIG, n("assertion.hashedURI.match", 2))),
                new Expect("signed-by-c2pa-rs/testca_leaf_valid.mp4", "Trusted", List.of(),
                        concat(List.of(trusted), SIG, n("assertion.hashedURI.match", 2), List.of("assertion.bmffHash.match"))))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("withAnchors")
    void sameVerdictAsC2paRsWithTrustAnchors(Expect e) throws Exception {
        C2paReport r = trusting.verify(Fixtures.c2pa(e.file()));
        assertThat(r.state().label()).as(e.file()).isEqualTo(e.state());
        assertThat(r.failureCodes()).as(e.file()).isEqualTo(e.failures());
        assertThat(r.successCodes()).as(e.file()).isEqualTo(e.successes());
    }

    /** Without anchors c2pa-rs does not check trust: Trusted reads Valid and no untrusted code appears. */
    @ParameterizedTest
    @MethodSource("withAnchors")
    void sameVerdictAsC2paRsWithoutTrustAnchors(Expect e) throws Exception {
        C2paReport r = plain.verify(Fixtures.c2pa(e.file()));
        String state = e.state().equals("Trusted") ? "Valid" : e.state();
        assertThat(r.state().label()).as(e.file()).isEqualTo(state);
        List<String> failures = e.failures().stream().filter(c -> !c.equals("signingCredential.untrusted")).toList();
        assertThat(r.failureCodes()).as(e.file()).isEqualTo(failures);
        List<String> successes = e.successes().stream().filter(c -> !c.equals("signingCredential.trusted")).toList();
        assertThat(r.successCodes()).as(e.file()).isEqualTo(successes);
    }

    @Test
    void ingredientChainIsReportedWithItsOwnVerdict() throws Exception {
        C2paReport r = trusting.verify(Fixtures.c2pa("c2pa-rs/video1.mp4"));
        assertThat(r.claimVersion()).isEqualTo(1);
        assertThat(r.ingredients()).hasSize(1);
        IngredientInfo i = r.ingredients().get(0);
        assertThat(i.relationship()).isEqualTo("parentOf");
        assertThat(i.manifestLabel()).isEqualTo("urn:uuid:54281c07-ad34-430e-bea5-112a18facf0b");
        assertThat(i.signer().commonName()).isEqualTo("Bob");
        // the parent manifest's signer is not under the anchors: c2pa-rs reports Valid, not Trusted, for that
        assertThat(i.failures()).extracting(ValidationStatus::code).containsExactly("signingCredential.untrusted");
        assertThat(r.signer().chainLocation()).isEqualTo("unprotected");
        assertThat(r.signer().timestamp()).isNotNull();
    }

    @Test
    void dashInitWithItsFragmentIsValid() throws Exception {
        C2paReport r = trusting.verifyFragmented(Fixtures.c2pa("c2pa-rs/dashinit.mp4"),
                List.of(Fixtures.c2pa("c2pa-rs/dash1.m4s")));
        assertThat(r.state()).isEqualTo(C2paState.VALID);
        assertThat(r.failureCodes()).containsExactly("signingCredential.untrusted");
        assertThat(r.successCodes()).contains("assertion.bmffHash.match");
    }

    @Test
    void aMediaSegmentAloneIsNotAnAsset() {
        assertThatThrownBy(() -> trusting.verify(Fixtures.c2pa("c2pa-rs/dash1.m4s")))
                .isInstanceOfSatisfying(ProvenanceException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.UNSUPPORTED));
    }

    @Test
    void deeplyNestedBoxesAreATypedErrorNotAHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> trusting.verify(Fixtures.c2pa("c2pa-rs/nested_moov_1000.mp4")))
                .isInstanceOfSatisfying(ProvenanceException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.LIMIT_EXCEEDED)));
    }

    @Test
    void reportCarriesTheAiFacts() throws Exception {
        C2paReport r = trusting.verify(Fixtures.c2pa("signed-by-c2pa-rs/faststart_signed.mp4"));
        assertThat(r.digitalSourceType()).isEqualTo(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA.uri());
        assertThat(r.actions()).containsExactly("c2pa.created");
        assertThat(r.assertions()).containsExactly("c2pa.actions.v2", "c2pa.hash.bmff.v3");
        assertThat(r.claimVersion()).isEqualTo(2);
        assertThat(r.signer().commonName()).isEqualTo("C2PA Signer");
        assertThat(r.signer().organization()).isEqualTo("C2PA Test Signing Cert");
        assertThat(r.signer().chainLocation()).isEqualTo("protected");
        assertThat(r.toJson()).containsEntry("schema", "hallmark.c2pa/1").containsEntry("state", "Trusted");
    }
}
