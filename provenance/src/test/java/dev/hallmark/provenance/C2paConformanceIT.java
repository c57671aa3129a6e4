package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.BmffRewriter;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.media.bmff.MutableBox;
import dev.hallmark.media.testing.TestClips;
import dev.hallmark.provenance.testing.C2paNode;
import dev.hallmark.provenance.testing.LocalTsa;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance with c2pa-rs (via {@code @contentauth/c2pa-node@0.8.0}): files Hallmark signs — moov-first, moov-last,
 * 64-bit chunk offsets, single-file fragmented (with and without explicit base offsets) — read Trusted with our
 * anchor, no failures, the expected digitalSourceType, and decode to the same frames; one flipped mdat byte makes
 * both c2pa-rs and our verifier report {@code assertion.bmffHash.mismatch}.
 */
class C2paConformanceIT {
    @TempDir
    static Path dir;
    static C2paNode c2paRs;
    static Path keys;
    static Path anchor;
    static C2paSigner signer;
    static ManifestVerifier ours;

    @BeforeAll
    static void setUp() throws Exception {
        c2paRs = C2paNode.require();
        keys = dir.resolve("keys");
        C2paKeys.init(keys, Passphrase.of("it-pass".toCharArray()), "Hallmark IT", false);
        anchor = keys.resolve(C2paKeys.TRUST_ANCHOR);
        signer = C2paSigner.fromKeys(keys, Passphrase.of("it-pass".toCharArray()),
                SignerOptions.of(new SoftwareAgent("Hallmark", "it")));
        ours = ManifestVerifier.create(TrustAnchors.load(List.of(anchor)));
    }

    static ManifestSpec spec(DigitalSourceType type) {
        return ManifestSpec.builder().title("generated.mp4").sourceType(type)
                .softwareAgent(new SoftwareAgent("HallmarkTestModel", "1.0"))
                .disclosure(new AiDisclosure("Hallmark IT", "HallmarkTestModel", "1.0", Instant.now(), "urn:uuid:it"))
                .softBinding(new SoftBinding("dev.hallmark.watermark.v1",
                        List.of(new SoftBinding.Block(0, 2000, new byte[] {7, 7, 7, 7})), "Hallmark watermark"))
                .action(ActionSpec.watermarked(null, "invisible watermark embedded"))
                .build();
    }

    /** Encodes a synthetic clip with our VideoWriter. */
    static Path clip(String name, boolean faststart, Map<String, String> muxer) throws Exception {
        Path out = dir.resolve(name);
        EncoderSettings s = EncoderSettings.h264(160, 120, FrameRate.of(10)).withPreset("ultrafast")
                .withFaststart(faststart).withMuxerOptions(muxer);
        try (VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f = new I420Frame(160, 120);
            for (int i = 0; i < 30; i++) {
                TestClips.paint(f, i);
                w.write(f);
            }
        }
        return out;
    }

    static Path input(String kind) throws Exception {
        return switch (kind) {
            case "moov-first" -> clip("moov-first.mp4", true, Map.of());
            case "moov-last" -> clip("moov-last.mp4", false, Map.of());
            case "fragmented" -> clip("fragmented.mp4", false,
                    Map.of("movflags", "+frag_keyframe+empty_moov+default_base_moof"));
            case "fragmented-base-offsets" -> clip("fragmented-bo.mp4", false, Map.of("movflags", "+frag_keyframe+empty_moov"));
            case "co64" -> co64(clip("pre-co64.mp4", false, Map.of()));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The same clip with every stco turned into co64 (as files past 4 GiB have). */
    static Path co64(Path in) throws Exception {
        Path out = dir.resolve("co64.mp4");
        BmffRewriter.open(in).editMoov(moov -> {
            for (MutableBox stco : moov.all("stco")) {
                ByteBuffer p = ByteBuffer.wrap(stco.payload());
                int n = p.getInt(4);
                ByteBuffer q = ByteBuffer.allocate(8 + 8 * n).putInt(0).putInt(n);
                for (int i = 0; i < n; i++) {
                    q.putLong(Integer.toUnsignedLong(p.getInt(8 + 4 * i)));
                }
                stco.setPayload(q.array());
                stco.setType("co64");
            }
        }).write(out);
        assertThat(BmffParser.parse(out).all("co64")).isNotEmpty();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"moov-first", "moov-last", "co64", "fragmented", "fragmented-base-offsets"})
    void c2paRsReportsOurFilesTrusted(String kind) throws Exception {
        Path in = input(kind);
        String frames = TestClips.frameDigest(in);
        Path out = dir.resolve("signed-" + kind + ".mp4");
        DigitalSourceType type = kind.equals("moov-last") ? DigitalSourceType.ALGORITHMIC_MEDIA
                : DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
        signer.sign(in, out, spec(type));

        assertThat(TestClips.frameDigest(out)).as("decoded frames unchanged").isEqualTo(frames);
        BoxTree tree = BmffParser.parse(out);
        assertThat(tree.topLevel().get(1).type()).isEqualTo("uuid");

        JsonNode v = c2paRs.read(out, anchor);
        assertThat(v.path("error").isMissingNode()).as(v.toString()).isTrue();
        assertThat(v.path("state").asText()).as(v.toString()).isEqualTo("Trusted");
        assertThat(C2paNode.codes(v, "failure")).isEmpty();
        assertThat(C2paNode.codes(v, "success")).contains("signingCredential.trusted", "claimSignature.validated",
                "assertion.bmffHash.match");
        assertThat(v.path("digitalSourceType").asText()).isEqualTo(type.uri());
        assertThat(v.path("claimVersion").asInt()).isEqualTo(2);

        C2paReport r = ours.verify(out);
        assertThat(r.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(r.failureCodes()).isEmpty();
        assertThat(r.successCodes()).isEqualTo(C2paNode.codes(v, "success"));
        assertThat(r.digitalSourceType()).isEqualTo(type.uri());
    }

    @Test
    void oneFlippedMdatByteIsAMismatchForBoth() throws Exception {
        Path out = dir.resolve("tampered.mp4");
        signer.sign(input("moov-first"), out, spec(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA));
        Box mdat = BmffParser.parse(out).find("mdat");
        long at = mdat.payloadOffset() + mdat.payloadSize() / 2;
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        JsonNode v = c2paRs.read(out, anchor);
        assertThat(v.path("state").asText()).isEqualTo("Invalid");
        assertThat(C2paNode.codes(v, "failure")).containsExactly("assertion.bmffHash.mismatch");
        C2paReport r = ours.verify(out);
        assertThat(r.state()).isEqualTo(C2paState.INVALID);
        assertThat(r.failureCodes()).containsExactly("assertion.bmffHash.mismatch");
    }

    @Test
    void withoutOurAnchorBothSayValidAndUntrusted() throws Exception {
        Path out = dir.resolve("untrusted.mp4");
        signer.sign(input("moov-first"), out, spec(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA));
        Path other = Fixtures.c2pa("trust/c2pa-rs_test_cert_root_bundle.pem");
        JsonNode v = c2paRs.read(out, other);
        assertThat(v.path("state").asText()).isEqualTo("Valid");
        assertThat(C2paNode.codes(v, "failure")).containsExactly("signingCredential.untrusted");
        C2paReport r = ManifestVerifier.create(TrustAnchors.load(List.of(other))).verify(out);
        assertThat(r.state()).isEqualTo(C2paState.VALID);
        assertThat(r.failureCodes()).containsExactly("signingCredential.untrusted");
    }

    @Test
    void timeStampedFilesAreTrustedWithTheirTimeStamp() throws Exception {
        try (LocalTsa tsa = LocalTsa.start()) {
            C2paSigner s = C2paSigner.create(C2paKeys.load(keys, Passphrase.of("it-pass".toCharArray())),
                    new SignerOptions(new SoftwareAgent("Hallmark", "it"), tsa.url(), Duration.ofSeconds(10)));
            Path out = dir.resolve("timestamped.mp4");
            s.sign(input("moov-first"), out, spec(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA));
            Path tsaRoot = tsa.rootPem(dir.resolve("tsa-root.pem"));
            JsonNode v = c2paRs.read(out, anchor, tsaRoot);
            assertThat(v.path("state").asText()).as(v.toString()).isEqualTo("Trusted");
            assertThat(C2paNode.codes(v, "success")).contains("timeStamp.validated", "timeStamp.trusted");
            C2paReport r = ManifestVerifier.create(TrustAnchors.load(List.of(anchor, tsaRoot))).verify(out);
            assertThat(r.successCodes()).isEqualTo(C2paNode.codes(v, "success"));
        }
    }

    @Test
    void ourVerifierMatchesC2paRsOnEveryFixture() throws Exception {
        Path bundle = Fixtures.c2pa("trust/c2pa-rs_test_cert_root_bundle.pem");
        Path generated = Fixtures.c2pa("trust/generated_test_root_ca.pem");
        ManifestVerifier v = ManifestVerifier.create(Fixtures.anchors());
        for (String f : List.of("c2pa-rs/C.jpg", "c2pa-rs/c.mov", "c2pa-rs/dashinit.mp4", "c2pa-rs/legacy.mp4",
                "c2pa-rs/video1.mp4", "c2pa-rs/video1_no_manifest.mp4", "public-testfiles/adobe-20220124-CA.jpg",
                "public-testfiles/adobe-20220124-E-dat-CA.jpg", "public-testfiles/adobe-20220124-E-sig-CA.jpg",
                "public-testfiles/adobe-20220124-E-uri-CA.jpg", "signed-by-c2pa-rs/faststart_signed.mp4",
                "signed-by-c2pa-rs/moov_end_signed.mp4", "signed-by-c2pa-rs/tampered_mdat.mp4",
                "signed-by-c2pa-rs/testca_leaf_valid.mp4", "signed-by-c2pa-rs/fragmented.mp4")) {
            JsonNode rs = c2paRs.read(Fixtures.c2pa(f), bundle, generated);
            C2paReport r = v.verify(Fixtures.c2pa(f));
            assertThat(r.state().label()).as(f).isEqualTo(rs.path("state").asText());
            assertThat(r.failureCodes()).as(f).isEqualTo(C2paNode.codes(rs, "failure"));
            assertThat(r.successCodes()).as(f).isEqualTo(C2paNode.codes(rs, "success"));
        }
        assertThat(Files.exists(dir)).isTrue();
    }
}
