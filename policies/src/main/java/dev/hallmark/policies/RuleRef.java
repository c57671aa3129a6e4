package dev.hallmark.policies;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A pack rule that decided (part of) a requirement: its id, jurisdiction, sources, the date it took effect and the
 * pack it came from ({@code builtin:cn@2025.11.0} or the operator's override file).
 */
public record RuleRef(String id, String jurisdiction, List<Source> sources, LocalDate effectiveFrom, String origin) {
    public RuleRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " cites no source");
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(origin, "origin");
    }

    /** All sources as one line, primary first, separated by {@code "; "}. */
    public String citation() {
        return sources.stream().map(Source::citation).collect(Collectors.joining("; "));
    }
}
