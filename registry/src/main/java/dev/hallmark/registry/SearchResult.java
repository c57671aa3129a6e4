package dev.hallmark.registry;

import java.util.List;

/**
 * Search hits, newest first. {@code totalHits} counts the matches exactly up to 1,000 and is a lower bound beyond
 * ({@code totalIsLowerBound}: counting every match of a broad query would cost more than finding the newest ones).
 * {@code indexedThrough} is how many journal records the searched index view covers, {@code journalSize} how many
 * are durable: when they differ, the newest filings are not yet searchable.
 */
public record SearchResult(long totalHits, boolean totalIsLowerBound, List<FilingSummary> hits, long indexedThrough, long journalSize) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
