package dev.hallmark.watermark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hallmark.watermark.EmbedOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalReportTest {
    @Test
    void encodesAreReproducibleOnlyWithMallocPerturbationOn() {
        assertTrue(EvalReport.reproducibleEncodes(Map.of("MALLOC_PERTURB_", "165")));
        assertTrue(EvalReport.reproducibleEncodes(Map.of("GLIBC_TUNABLES", "glibc.malloc.perturb=165")));
        assertTrue(EvalReport.reproducibleEncodes(
                Map.of("GLIBC_TUNABLES", "glibc.malloc.check=0:glibc.malloc.perturb=7")));
        assertFalse(EvalReport.reproducibleEncodes(Map.of()));
        assertFalse(EvalReport.reproducibleEncodes(Map.of("MALLOC_PERTURB_", "0")));
        assertFalse(EvalReport.reproducibleEncodes(Map.of("MALLOC_PERTURB_", "yes")));
        assertFalse(EvalReport.reproducibleEncodes(Map.of("GLIBC_TUNABLES", "glibc.malloc.perturb=0")));
    }

    @Test
    void countsTheLongerSegmentsTheCoveredFramesHold() {
        // vtest.avi: 795 frames at 10 fps in 15 segments of 5 s (750 covered): 7 of 10 s, 3 of 20 s
        EvalReport vtest = report(10, 50, 15);
        assertEquals(7, vtest.wholeSegmentsOf(10));
        assertEquals(3, vtest.wholeSegmentsOf(20));
        // a 12 s clip at 24 fps: 2 segments of 5 s, one of 10 s, none of 20 s
        assertEquals(1, report(24, 120, 2).wholeSegmentsOf(10));
        assertEquals(0, report(24, 120, 2).wholeSegmentsOf(20));
        // a 4 s clip is one short segment of all its frames: no 10 s segment
        assertEquals(0, report(30, 120, 1).wholeSegmentsOf(10));
    }

    private static EvalReport report(double fps, int segmentFrames, int segments) {
        return new EvalReport("clip", 640, 480, fps, segmentFrames, segments, 1, List.of(), List.of(),
                new QualityMeter(), List.of(), 1, EmbedOptions.defaults(), 0, 0, null);
    }

    @Test
    void theTestRunsSetIt() {
        // the POM sets MALLOC_PERTURB_ for every test JVM, so the attack-suite tests reproduce to the bit
        assertTrue(EvalReport.reproducibleEncodes(), "MALLOC_PERTURB_ missing from the test environment");
    }
}
