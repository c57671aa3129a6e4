package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.provenance.bench.C2paBenchmark;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark runnable (small size, no c2pa-node); asserts verdicts, never timings. */
class C2paBenchmarkIT {
    @TempDir
    Path work;

    @Test
    void benchmarkRunsAndItsOutputsVerify() throws Exception {
        C2paBenchmark.Result r = C2paBenchmark.run(work, 16L << 20, null, 1, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(r.ourState()).isEqualTo("Trusted");
        assertThat(r.fileBytes()).isGreaterThanOrEqualTo(16L << 20);
        assertThat(r.hostile()).isNotEmpty().allSatisfy(h ->
                assertThat(h.outcome()).matches("ProvenanceException .*|Invalid .*"));
        assertThat(r.toMarkdown()).contains("SHA-256 single pass", "Hallmark sign", "hostile input");
    }
}
