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
    @ValueSource(strings = {"faststart.mp4", "moov_end.mp4", "fragmented.mp4", "faststart_signed.mp4"})
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
        // exactly one manifest store: an existing one (c2pa-rs signed input) is replaced, not duplicated
        assertThat(dev.hallmark.media.bmff.BmffParser.parse(out).topLevelUuid(dev.hallmark.provenance.c2pa.Labels.BMFF_UUID))
                .hasSize(1);
    }

    @Test
    void refusesToOverwriteItsInputAndLeavesNoPartialFile() throws Exception {
        Path in = dir.resolve("same.mp4");
        Files.copy(Fixtures.c2pa("signed-by-c2pa-rs/faststart.mp4"), in);
        assertThatThrownBy(() -> signer.sign(in, in, spec())).isInstanceOf(ProvenanceException.class);
        Path bad = dir.resolve("bad.mp4");
        Files.write(bad, new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 0, 0, 0, 99, 'm', 'd', 'a', 't'});
        assertThatThrownBy(() -> signer.sign(bad, dir.resolve("never.mp4"), spec()))
                .isInstanceOfSatisfying(ProvenanceException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.MALFORMED));
        assertThat(dir.resolve("never.mp4")).doesNotExist();
    }

    @Test
    void aWatermarkedActionNeedsASoftBinding() {
        assertThatThrownBy(() -> ManifestSpec.builder().title("t").softwareAgent(new SoftwareAgent("a", "1"))
                .action(ActionSpec.watermarked(null, "wm")).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void softBindingsAndActionsAreReported() throws Exception {
        SoftBinding sb = new SoftBinding("dev.hallmark.watermark.v1",
                List.of(new SoftBinding.Block(0, 1000, new byte[] {1, 2}), new SoftBinding.Block(1000, 2000, new byte[] {3})),
                "Hallmark watermark");
        ManifestSpec s = ManifestSpec.builder().title("wm.mp4").softwareAgent(new SoftwareAgent("M", "1"))
                .softBinding(sb).action(ActionSpec.watermarked(null, "embedded")).build();
        Path out = dir.resolve("wm.mp4");
        signer.sign(Fixtures.c2pa("signed-by-c2pa-rs/faststart.mp4"), out, s);
        C2paReport r = verifier.verify(out);
        assertThat(r.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(r.actions()).containsExactly("c2pa.created", "c2pa.watermarked");
        assertThat(r.softBindings()).containsExactly(sb);
        assertThat(r.assertions()).contains("c2pa.soft-binding");
    }
}
