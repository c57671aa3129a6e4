package dev.hallmark.policies;

import java.util.Objects;

/**
 * One keyword-library line: its id (explicit, or {@code <library>:<line>}), risk category, the term as written,
 * its match mode and source line.
 */
public record LibraryEntry(String id, String category, String term, MatchMode mode, int line) {
    public LibraryEntry {
        Objects.requireNonNull(id);
        Objects.requireNonNull(category);
        Objects.requireNonNull(term);
        Objects.requireNonNull(mode);
    }
}
