package dev.hallmark.provenance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.provenance.C2paVerifier;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.c2pa.BmffHashCheck;
import dev.hallmark.provenance.c2pa.Claim;
import dev.hallmark.provenance.c2pa.ManifestStore;
import dev.hallmark.provenance.cose.CoseSign1;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.internal.Malformed;
import dev.hallmark.provenance.jumbf.JumbfReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fuzz target over every parser of untrusted C2PA input (JUMBF, CBOR, COSE_Sign1, claims, manifest stores, BMFF
 * hash assertions against a real file, and whole MP4/JPEG files through the verifier). The only acceptable outcomes
 * are a result, {@link Malformed} or {@link ProvenanceException}; anything else (unchecked exception, stack
 * overflow, out of memory, hang) is a finding.
 *
 * <p>In the build it runs for a bounded time ({@code JAZZER_FUZZ=1}, {@code maxDuration}); without that variable it
 * replays the seed corpus under {@code src/test/resources/.../ParsersFuzzTestInputs}. A longer campaign:
 * {@code JAZZER_FUZZ=1 mvn -pl provenance test -Dtest=ParsersFuzzTest -Djazzer.max_duration=10m}.
 */
class ParsersFuzzTest {
    private static final Path SCRATCH;
    private static final BmffHashCheck.Asset ASSET;
    private static final C2paVerifier VERIFIER = new C2paVerifier(TrustAnchors.none());

    static {
        try {
            SCRATCH = Files.createTempFile("fuzz", ".mp4");
            SCRATCH.toFile().deleteOnExit();
            Path signed = Path.of(ParsersFuzzTest.class.getResource("/c2pa/signed-by-c2pa-rs/faststart_signed.mp4").toURI());
            FileChannel ch = FileChannel.open(signed, StandardOpenOption.READ);
            ASSET = new BmffHashCheck.Asset(ch, ch.size(), BmffParser.parse(signed), signed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parsers(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 6);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (target) {
                case 0 -> JumbfReader.parse(bytes);
                case 1 -> Cbor.decode(bytes, 0, bytes.length, true);
                case 2 -> {
                    CoseSign1 s = CoseSign1.decode(bytes);
                    s.algorithm();
                    s.x5chain();
                }
                case 3 -> Claim.decode(bytes);
                case 4 -> ManifestStore.parse(bytes);
                case 5 -> BmffHashCheck.verify(ASSET, bytes, 3, "sha256");
                default -> {
                    Files.write(SCRATCH, bytes);
                    VERIFIER.verify(SCRATCH);
                }
            }
        } catch (Malformed | ProvenanceException expected) {
            // typed refusal: fine
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
