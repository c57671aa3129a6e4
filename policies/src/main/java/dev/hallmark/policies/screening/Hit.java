package dev.hallmark.policies.screening;

import dev.hallmark.policies.LibraryEntry;

/** A library entry that matched, with its span {@code [start, end)} in the normalised skeleton. */
public record Hit(LibraryEntry entry, int start, int end) {
}
