package dev.hallmark.registry;

import java.time.Instant;
import java.util.List;

/** What a retention run did: records whose personal data expired at or before {@code asOf} were shredded. */
public record RetentionReport(Instant asOf, long scanned, long alreadyShredded, List<ShredResult> shredded) {
    public RetentionReport {
        shredded = List.copyOf(shredded);
    }
}
