package dev.hallmark.policies;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A loaded policy pack: its jurisdiction, title, version, publication date, origin ({@code builtin} or the override
 * file's path) and how many rules it holds.
 */
public record PackInfo(String jurisdiction, String title, String packVersion, LocalDate published, String origin,
        int rules) {
    public PackInfo {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(packVersion, "packVersion");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(origin, "origin");
    }
}
