package dev.hallmark.registry;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the personal data of a filing (prompt text, user identity) is kept. When the period ends,
 * {@code audit retention run} deletes the record's key (crypto-shredding); the filing itself, its hashes and its
 * proofs stay. The expiry instant is computed at filing time and committed in the leaf.
 */
public enum RetentionClass {
    /** 30 days. */
    SHORT(Duration.ofDays(30)),
    /** 6 months (183 days): the minimum log retention Chinese rules ask of generative AI services. */
    STANDARD(Duration.ofDays(183)),
    /** 3 years (1096 days). */
    EXTENDED(Duration.ofDays(1096)),
    /** Kept until erased explicitly (legal hold). */
    LEGAL_HOLD(null);

    private final Duration period;

    RetentionClass(Duration period) {
        this.period = period;
    }

    /** The retention period, or null for {@link #LEGAL_HOLD}. */
    public Duration period() {
        return period;
    }

    /** When personal data filed at {@code filed} expires; {@link Instant#MAX} for legal hold. */
    public Instant expiry(Instant filed) {
        return period == null ? Instant.MAX : filed.plus(period);
    }
}
