package dev.hallmark.registry;

/** Result of a bulk import: records filed and the sequence range they took (-1 when none). */
public record ImportReport(long filed, long firstSeq, long lastSeq) {
}
