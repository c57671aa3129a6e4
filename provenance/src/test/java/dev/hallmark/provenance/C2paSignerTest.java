package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class C2paSignerTest {
    @TempDir
    static Path dir;
    static Path keys;
    static C2paSigner signer;
    static ManifestVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        keys = dir.resolve("keys");
        C2paKeys.init(keys, Passphrase.of("correct horse".toCharArray()), "Hallmark Test", false);
        signer = C2paSigner.fromKeys(keys, Passphrase.of("correct horse".toCharArray()),
                SignerOptions.of(new SoftwareAgent("Hallmark", "0.1.0")));
        verifier = ManifestVerifier.create(TrustAnchors.defaults(keys, List.of()));
    }

    static ManifestSpec spec() {
        return ManifestSpec.builder().title("clip.mp4").sourceType(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA)
                .softwareAgent(new SoftwareAgent("TestVideoModel", "2.0"))
                .disclosure(new AiDisclosure("Example Provider", "TestVideoModel", "2.0",
                        Instant.parse("2026-11-21T10:00:00Z"), "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"faststart.mp4", "moov_end.mp4", "fragmented.mp4"})
    void signedFilesVerifyTrustedWithOurAnchor(String name) throws Exception {
        Path in = Fixtures.c2pa("signed-by-c2pa-rs/" + name);
        Path out = dir.resolve("signed-" + name);
        SignResult r = signer.sign(in, out, spec());
        assertThat(r.fileSize()).isEqualTo(Files.size(out));
        C2paReport rep = verifier.verify(out);
        assertThat(rep.failureCodes()).isEmpty();
        assertThat(rep.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(rep.claimVersion()).isEqualTo(2);
        assertThat(rep.digitalSourceType()).isEqualTo(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA.uri());
        assertThat(rep.assertions()).contains("c2pa.actions.v2", "c2pa.hash.bmff.v3", AiDisclosure.LABEL);
        assertThat(rep.successCodes()).contains("assertion.bmffHash.match", "signingCredential.trusted");
        assertThat(rep.disclosure()).isEqualTo(spec().disclosure());
        assertThat(rep.signer().organization()).isEqualTo("Hallmark Test");
    }
}
