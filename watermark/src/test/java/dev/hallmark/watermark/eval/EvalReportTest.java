package dev.hallmark.watermark.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theTestRunsSetIt() {
        // the POM sets MALLOC_PERTURB_ for every test JVM, so the attack-suite tests reproduce to the bit
        assertTrue(EvalReport.reproducibleEncodes(), "MALLOC_PERTURB_ missing from the test environment");
    }
}
