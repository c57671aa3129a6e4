package dev.hallmark.registry;

import java.util.List;

/**
 * Search hits, newest first. {@code totalHits} counts all matches (may exceed the hits returned);
 * {@code indexedThrough} is how many journal records the searched index view covers, {@code journalSize} how many
 * are durable: when they differ, the newest filings are not yet searchable.
 */
public record SearchResult(long totalHits, List<FilingSummary> hits, long indexedThrough, long journalSize) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
