package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hallmark.provenance.ProvenanceException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged inputs: each gives a typed {@link ProvenanceException} or an Invalid / Absent verdict, quickly
 * (the 10 s bound only guards against hangs; measured times are in {@code C2paBenchmark}), and a signed file never
 * stays Trusted after a bit flip outside the regions C2PA leaves unsigned.
 */
class HostileInputTest {
    @TempDir
    static Path dir;
    static Path signed;
    static SignResult result;
    static ManifestVerifier verifier;
    static final Duration GUARD = Duration.ofSeconds(10);

    @BeforeAll
    static void setUp() throws Exception {
        Path keys = dir.resolve("keys");
        C2paKeys.init(keys, Passphrase.of("pw".toCharArray()), "Hallmark", false);
        C2paSigner s = C2paSigner.fromKeys(keys, Passphrase.of("pw".toCharArray()),
                SignerOptions.of(new SoftwareAgent("Hallmark", "test")));
        signed = dir.resolve("signed.mp4");
        result = s.sign(Fixtures.c2pa("signed-by-c2pa-rs/moov_end.mp4"), signed, C2paSignerTest.spec());
        verifier = ManifestVerifier.create(TrustAnchors.defaults(keys, List.of()));
        assertThat(verifier.verify(signed).state()).isEqualTo(C2paState.TRUSTED);
    }

    private static Path write(String name, byte[] b) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static void expectReason(Path p, Reason... reasons) {
        assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> verifier.verify(p))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> {
                    assertThat(e.reason()).isIn((Object[]) reasons);
                    assertThat(e.getMessage()).contains(p.toString()).doesNotContain("\n");
                }));
    }

    private static C2paReport verdict(Path p) {
        return assertTimeoutPreemptively(GUARD, () -> verifier.verify(p));
    }

    /** Offset of the JUMBF store inside the signed file. */
    private static int jumbfStart() {
        return (int) result.manifestOffset() + 8 + 16 + 4 + "manifest".length() + 1 + 8;
    }

    @Test
    void emptyGarbageAndMissingFiles() throws Exception {
        expectReason(write("empty.mp4", new byte[0]), Reason.UNREADABLE);
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        expectReason(write("garbage.mp4", garbage), Reason.UNSUPPORTED);
        expectReason(dir.resolve("does-not-exist.mp4"), Reason.UNREADABLE);
    }

    @Test
    void truncatedFileIsMalformed() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        expectReason(write("trunc.mp4", Arrays.copyOf(b, (int) result.manifestOffset() + 100)), Reason.MALFORMED);
    }

    @Test
    void jumbfSizeLiesAreMalformed() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        ByteBuffer.wrap(b).putInt(jumbfStart(), 0x7fffffff);
        expectReason(write("jumbf-size.mp4", b), Reason.MALFORMED);
        byte[] c = Files.readAllBytes(signed);
        ByteBuffer.wrap(c).putInt(jumbfStart(), 1); // 64-bit size follows: garbage
        expectReason(write("jumbf-large.mp4", c), Reason.MALFORMED);
    }

    @Test
    void hugeTopLevelBoxIsMalformed() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        ByteBuffer extra = ByteBuffer.allocate(16).putInt(1).put("free".getBytes()).putLong(Long.MAX_VALUE);
        byte[] c = Arrays.copyOf(b, b.length + 16);
        System.arraycopy(extra.array(), 0, c, b.length, 16);
        expectReason(write("huge-box.mp4", c), Reason.MALFORMED);
    }

    @Test
    void nestedCborInTheClaimIsAnInvalidClaim() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        int claim = TimestampTest.indexOf(b, "c2pa.claim.v2".getBytes()) + "c2pa.claim.v2".length() + 1 + 8;
        // overwrite the claim CBOR (same length) with arrays nested far past the limit
        int len = ByteBuffer.wrap(b).getInt(claim - 8) - 8;
        Arrays.fill(b, claim, claim + len, (byte) 0x81);
        C2paReport r = verdict(write("deep-claim.mp4", b));
        assertThat(r.state()).isEqualTo(C2paState.INVALID);
        assertThat(r.failureCodes()).containsExactly("claim.malformed");
    }

    @Test
    void brokenSignatureIsAMismatch() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        int sig = TimestampTest.indexOf(b, "\u0003c2pa.signature\u0000".getBytes()) + "c2pa.signature".length() + 2 + 8;
        b[sig] = (byte) 0x84; // untagged
        C2paReport r = verdict(write("untagged.mp4", b));
        assertThat(r.state()).isEqualTo(C2paState.INVALID);
        assertThat(r.failureCodes()).contains("claimSignature.mismatch");
    }

    /** Regression (found by the bit-flip test): a corrupt validity date inside the x5chain. */
    @Test
    void corruptCertificateDateIsInvalidNotACrash() throws Exception {
        byte[] b = Files.readAllBytes(signed);
        int sig = TimestampTest.indexOf(b, "\u0003c2pa.signature\u0000".getBytes());
        int utc = TimestampTest.indexOf(java.util.Arrays.copyOfRange(b, sig, b.length), new byte[] {0x17, 0x0d}) + sig;
        b[utc + 6] = '!';
        C2paReport r = verdict(write("bad-date.mp4", b));
        assertThat(r.state()).isEqualTo(C2paState.INVALID);
    }

    @Test
    void jpegWithBrokenSegmentsIsMalformed() throws Exception {
        byte[] b = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xeb, (byte) 0xff, (byte) 0xff, 'J', 'P'};
        expectReason(write("bad.jpg", b), Reason.MALFORMED);
    }

    /**
     * Seeded single-bit flips: whenever a flipped file still reads Trusted, the flip was in {@code ftyp} (excluded
     * from the hard binding by the C2PA spec) or in unsigned manifest metadata, and every signed part — claim,
     * assertions, COSE protected header and signature, and all media boxes — is byte-identical.
     */
    @Test
    void aFlipThatStaysTrustedNeverTouchesSignedContent() throws Exception {
        byte[] original = Files.readAllBytes(signed);
        int ftypEnd = ByteBuffer.wrap(original).getInt(0);
        long manifestEnd = result.manifestOffset() + result.manifestSize();
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int trusted = 0;
        for (int i = 0; i < 600; i++) {
            byte[] b = original.clone();
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
            Path p = write("flip.mp4", b);
            C2paState state;
            try {
                state = verifier.verify(p).state();
            } catch (ProvenanceException e) {
                continue;
            }
            if (state != C2paState.TRUSTED) {
                continue;
            }
            trusted++;
            String where = "flip at " + at + " stayed Trusted (seed " + seed + ")";
            assertThat(at < ftypEnd || (at >= result.manifestOffset() && at < manifestEnd)).as(where).isTrue();
            if (at >= ftypEnd) {
                assertThat(signedParts(b)).as(where).isEqualTo(signedParts(original));
            }
        }
        assertThat(trusted).as("seed " + seed).isLessThan(60);
    }

    /** Claim bytes, assertion boxes, COSE protected header and signature of the active manifest. */
    private static List<String> signedParts(byte[] file) throws Exception {
        Path p = write("parts.mp4", file);
        try (var ch = java.nio.channels.FileChannel.open(p)) {
            var found = dev.hallmark.provenance.c2pa.AssetReader.read(ch, p);
            var m = dev.hallmark.provenance.c2pa.ManifestStore.parse(found.jumbf()).active();
            var hex = java.util.HexFormat.of();
            var cose = dev.hallmark.provenance.cose.CoseSign1.decode(m.signature());
            List<String> parts = new java.util.ArrayList<>(List.of(m.label(), hex.formatHex(m.claimBytes()),
                    hex.formatHex(cose.protectedBytes()), hex.formatHex(cose.signature())));
            m.assertions().values().forEach(a -> parts.add(a.label() + "=" + hex.formatHex(a.box().bytes())));
            return parts;
        }
    }
}
