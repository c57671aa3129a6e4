package dev.hallmark.media.bmff;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.media.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the ISO-BMFF parser and rewriter planning: any input either parses or fails with a
 * {@link MediaException}; no other exception, no hang. Regression mode (the default in the suite) replays the seed
 * corpus in {@code BmffParserFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for the bounded duration.
 */
class BmffParserFuzzTest {
    private static Path scratch;

    @FuzzTest(maxDuration = "30s")
    void parseAnything(byte[] data) throws IOException {
        if (scratch == null) {
            scratch = Files.createTempFile("bmff-fuzz", ".mp4");
            scratch.toFile().deleteOnExit();
        }
        Files.write(scratch, data);
        try {
            BoxTree t = BmffParser.parse(scratch, new BmffLimits(32, 10_000, 1 << 20, 100_000));
            Box moov = t.find("moov");
            if (moov != null) {
                try (var ch = java.nio.channels.FileChannel.open(scratch)) {
                    MutableBox m = MutableBox.load(ch, scratch, moov, BmffLimits.DEFAULT);
                    QuickTimeMetadata.read(m, scratch);
                    OffsetPatcher.patchChunkOffsets(m, o -> o + 24, scratch, BmffLimits.DEFAULT);
                    m.toBytes();
                }
            }
        } catch (MediaException expected) {
            // refusing malformed input with a reason is the correct outcome
        }
    }
}
