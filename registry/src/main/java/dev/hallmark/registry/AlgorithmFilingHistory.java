package dev.hallmark.registry;

import java.time.Instant;
import java.util.List;

/** Every recorded version of one algorithm filing, oldest first. */
public record AlgorithmFilingHistory(String number, List<Version> versions) {
    /** What a version recorded. */
    public enum Change { FILED, CHANGED, REVOKED }

    /** One version: the journal sequence number that recorded it, when, what changed, and the filing as of then. */
    public record Version(long seq, Instant recordedAt, Change change, AlgorithmFiling filing) {
    }

    public AlgorithmFilingHistory {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a history has at least one version");
        }
    }

    /** The version in force now. */
    public Version current() {
        return versions.get(versions.size() - 1);
    }
}
