package dev.hallmark.registry;

import java.time.Instant;
import java.util.List;

/** A search hit: the indexed fields of one filing (never the prompt or the user identity). */
public record FilingSummary(
        long seq,
        String id,
        Instant time,
        String actor,
        String model,
        String modelVersion,
        List<String> jurisdictions,
        String contentSha256,
        String watermark,
        String manifestId,
        String decision,
        boolean shredded) {
    public FilingSummary {
        jurisdictions = List.copyOf(jurisdictions);
    }
}
