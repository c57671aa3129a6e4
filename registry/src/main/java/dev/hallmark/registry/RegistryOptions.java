package dev.hallmark.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tuning and environment of a {@link FilingRegistry}. {@link #defaults()} suits production: 256 MiB segments, group
 * commit of up to 4,096 records or 2 ms, a signed checkpoint every second, search refresh every 100 ms, index commit
 * every 5 s, passphrase from {@code HALLMARK_KEY_PASSPHRASE}.
 *
 * @param origin log origin used when a new key is created (null: {@code hallmark.registry/<random hex>})
 * @param indexing false to run without the Lucene index (search unavailable; the journal, proofs and lookups by id
 *     still work) — for bulk loads and crash tests
 * @param warnings receives one-line warnings (index rebuilt, tail quarantined)
 */
public record RegistryOptions(
        String origin,
        long maxSegmentBytes,
        int groupCommitMaxRecords,
        Duration groupCommitMaxDelay,
        Duration checkpointInterval,
        Duration searchRefreshInterval,
        Duration indexCommitInterval,
        boolean indexing,
        Supplier<char[]> passphrase,
        Clock clock,
        Consumer<String> warnings) {

    public RegistryOptions {
        if (maxSegmentBytes < 4096) {
            throw new IllegalArgumentException("maxSegmentBytes must be at least 4096");
        }
        if (groupCommitMaxRecords < 1 || groupCommitMaxRecords > 65_536) {
            throw new IllegalArgumentException("groupCommitMaxRecords must be 1..65536");
        }
        if (groupCommitMaxDelay.isNegative() || checkpointInterval.isNegative() || checkpointInterval.isZero()
                || searchRefreshInterval.isNegative() || indexCommitInterval.isNegative()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (passphrase == null || clock == null || warnings == null) {
            throw new IllegalArgumentException("passphrase, clock and warnings are required");
        }
    }

    /** Reads {@code HALLMARK_KEY_PASSPHRASE} afresh on every call. */
    public static Supplier<char[]> environmentPassphrase() {
        return () -> {
            String s = System.getenv("HALLMARK_KEY_PASSPHRASE");
            return s == null || s.isEmpty() ? null : s.toCharArray();
        };
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(null, 256L << 20, 4096, Duration.ofMillis(2), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(5), true, environmentPassphrase(), Clock.systemUTC(),
                w -> System.err.println("hallmark registry: " + w));
    }

    public RegistryOptions withOrigin(String v) {
        return new RegistryOptions(v, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, clock, warnings);
    }

    public RegistryOptions withMaxSegmentBytes(long v) {
        return new RegistryOptions(origin, v, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, clock, warnings);
    }

    public RegistryOptions withGroupCommit(int maxRecords, Duration maxDelay) {
        return new RegistryOptions(origin, maxSegmentBytes, maxRecords, maxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, clock, warnings);
    }

    public RegistryOptions withCheckpointInterval(Duration v) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, v,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, clock, warnings);
    }

    public RegistryOptions withSearch(Duration refresh, Duration commit) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                refresh, commit, indexing, passphrase, clock, warnings);
    }

    public RegistryOptions withIndexing(boolean v) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, v, passphrase, clock, warnings);
    }

    public RegistryOptions withPassphrase(Supplier<char[]> v) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, v, clock, warnings);
    }

    public RegistryOptions withClock(Clock v) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, v, warnings);
    }

    public RegistryOptions withWarnings(Consumer<String> v) {
        return new RegistryOptions(origin, maxSegmentBytes, groupCommitMaxRecords, groupCommitMaxDelay, checkpointInterval,
                searchRefreshInterval, indexCommitInterval, indexing, passphrase, clock, v);
    }
}
