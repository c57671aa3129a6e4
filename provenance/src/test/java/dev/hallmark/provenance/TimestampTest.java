package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.provenance.testing.LocalTsa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3161 sigTst2 against a TSA stood up in the test (BC TimeStampResponseGenerator + JDK HttpServer). */
class TimestampTest {
    @TempDir
    static Path dir;
    static LocalTsa tsa;
    static SigningCredentials creds;
    static Path keys;

    @BeforeAll
    static void setUp() throws Exception {
        tsa = LocalTsa.start();
        keys = dir.resolve("keys");
        C2paKeys.init(keys, Passphrase.of("pw".toCharArray()), "Hallmark TS Test", false);
        creds = C2paKeys.load(keys, Passphrase.of("pw".toCharArray()));
    }

    @AfterAll
    static void tearDown() {
        tsa.close();
    }

    private Path signWithTsa(String name) throws Exception {
        C2paSigner s = C2paSigner.create(creds, new SignerOptions(new SoftwareAgent("Hallmark", "test"), tsa.url(),
                Duration.ofSeconds(10)));
        Path out = dir.resolve(name);
        SignResult r = s.sign(Fixtures.c2pa("signed-by-c2pa-rs/faststart.mp4"), out, C2paSignerTest.spec());
        assertThat(r.timestamped()).isTrue();
        return out;
    }

    @Test
    void timeStampValidatesAndIsTrustedWhenItsRootIsAnAnchor() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        Path out = signWithTsa("ts-trusted.mp4");
        List<Path> anchors = new ArrayList<>(List.of(keys.resolve(C2paKeys.TRUST_ANCHOR)));
        anchors.add(tsa.rootPem(dir.resolve("tsa-root.pem")));
        C2paReport r = ManifestVerifier.create(TrustAnchors.load(anchors)).verify(out);
        assertThat(r.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(r.successCodes()).startsWith("timeStamp.validated", "timeStamp.trusted", "signingCredential.trusted");
        assertThat(r.signer().timestamp()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(r.signer().timestampAuthority()).isEqualTo("Hallmark Test TSA");
    }

    @Test
    void untrustedTsaIsInformationalOnly() throws Exception {
        Path out = signWithTsa("ts-untrusted.mp4");
        C2paReport r = ManifestVerifier.create(TrustAnchors.defaults(keys, List.of())).verify(out);
        assertThat(r.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(r.informational()).extracting(ValidationStatus::code).contains("timeStamp.untrusted");
        assertThat(r.signer().timestamp()).isNull();
    }

    @Test
    void aTamperedTokenIsNotUsed() throws Exception {
        Path out = signWithTsa("ts-tampered.mp4");
        byte[] b = Files.readAllBytes(out);
        // the token's TSTInfo carries the 32-byte imprint; flip a byte inside the sigTst2 value (first "tstTokens")
        int at = indexOf(b, "tstTokens".getBytes()) + 40;
        b[at] ^= 0x01;
        Files.write(out, b);
        C2paReport r = ManifestVerifier.create(TrustAnchors.defaults(keys, List.of())).verify(out);
        assertThat(r.signer().timestamp()).isNull();
        assertThat(r.successCodes()).doesNotContain("timeStamp.trusted");
        // the unsigned header does not affect the claim signature
        assertThat(r.successCodes()).contains("claimSignature.validated");
    }

    @Test
    void unreachableTsaFailsSigningWithATypedError() throws Exception {
        try (LocalTsa down = LocalTsa.start()) {
            down.fail();
            C2paSigner s = C2paSigner.create(creds, new SignerOptions(new SoftwareAgent("Hallmark", "test"), down.url(),
                    Duration.ofSeconds(5)));
            Path out = dir.resolve("never.mp4");
            assertThatThrownBy(() -> s.sign(Fixtures.c2pa("signed-by-c2pa-rs/faststart.mp4"), out, C2paSignerTest.spec()))
                    .isInstanceOfSatisfying(ProvenanceException.class,
                            e -> assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.TIMESTAMP_FAILED));
            assertThat(out).doesNotExist();
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
            }
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
