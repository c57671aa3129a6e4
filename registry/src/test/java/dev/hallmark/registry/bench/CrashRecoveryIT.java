package dev.hallmark.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 during sustained appends: {@code crash.trials} (default 100) child JVMs are killed at random moments; every
 * acknowledged filing must be present afterwards and the tree and checkpoints must verify. The long run (1,000+
 * trials) is part of {@link RegistryBenchmark}.
 */
class CrashRecoveryIT {
    @TempDir
    Path tmp;

    @Test
    void acknowledgedFilingsSurviveSigkill() throws Exception {
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        int trials = Integer.getInteger("crash.trials", 100);
        CrashTrials.Result r = CrashTrials.run(tmp, new CrashTrials.Options(trials, 25, 8, 64 * 1024, 10, 300, 10, 10, 2, seed), System.out);
        System.out.printf("crash trials: %d trials, %d acknowledged filings and %d erasures checked, %d full verifies, %.1f s, seed %d%n",
                r.trials(), r.acknowledged(), r.shredsChecked(), r.fullVerifies(), r.seconds(), seed);
        assertThat(r.failures()).as("seed %d", seed).isEmpty();
        assertThat(r.acknowledged()).as("the children must have filed something").isGreaterThan(trials);
    }
}
