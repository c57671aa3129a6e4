package dev.hallmark.registry.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.registry.FilingJson;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.internal.CheckpointLog;
import dev.hallmark.registry.journal.SegmentFormat;
import dev.hallmark.registry.journal.SegmentScanner;
import dev.hallmark.registry.note.Ed25519Keys;
import dev.hallmark.registry.note.NoteVerifier;
import dev.hallmark.registry.note.SignedNote;
import dev.hallmark.registry.note.TlogCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * One fuzz target over every parser of untrusted registry input: signed notes, checkpoints, verifier keys, proof
 * documents, import lines, journal segments and checkpoint histories. Acceptable outcomes: a result or the
 * documented rejection (IllegalArgumentException, GeneralSecurityException; scanners report problems without
 * throwing). Anything else is a finding. Bounded run in the build ({@code JAZZER_FUZZ=1}); a longer campaign:
 * {@code JAZZER_FUZZ=1 mvn -pl registry test -Dtest=RegistryParsersFuzzTest -Djazzer.max_duration=10m}.
 */
class RegistryParsersFuzzTest {
    private static final Path SCRATCH;
    private static final NoteVerifier KEY;

    static {
        try {
            SCRATCH = Files.createTempFile("fuzz", ".seg");
            SCRATCH.toFile().deleteOnExit();
            KEY = new NoteVerifier("fuzz.example/log", Ed25519Keys.rawPublic(Ed25519Keys.generate().getPublic()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parsers(FuzzedDataProvider data) throws IOException {
        int target = data.consumeInt(0, 6);
        byte[] bytes = data.consumeRemainingAsBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            switch (target) {
                case 0 -> SignedNote.parse(bytes).verify(KEY);
                case 1 -> TlogCheckpoint.parse(text);
                case 2 -> NoteVerifier.parse(text);
                case 3 -> ProofVerifier.verify(InclusionProof.fromJson(text), KEY);
                case 4 -> FilingJson.parse(text);
                case 5 -> {
                    byte[] file = new byte[SegmentFormat.HEADER + bytes.length];
                    System.arraycopy(SegmentFormat.header(0), 0, file, 0, SegmentFormat.HEADER);
                    System.arraycopy(bytes, 0, file, SegmentFormat.HEADER, bytes.length);
                    Files.write(SCRATCH, file);
                    try (SegmentScanner s = new SegmentScanner(SCRATCH, 0)) {
                        for (int i = 0; i < 10_000; i++) {
                            if (!(s.next() instanceof SegmentScanner.Rec)) {
                                break;
                            }
                        }
                    }
                }
                default -> {
                    Files.write(SCRATCH, bytes);
                    CheckpointLog.read(SCRATCH);
                }
            }
        } catch (IllegalArgumentException | GeneralSecurityException expected) {
            // documented rejection of malformed input
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
