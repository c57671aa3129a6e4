package dev.hallmark.policies.pack;

import dev.hallmark.policies.Level;
import dev.hallmark.policies.RuleRef;
import dev.hallmark.policies.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a pack, as validated from its file.
 *
 * @param justification required when an override replaces a shipped rule: why the operator changed it
 */
public record PackRule(String id, RuleKind kind, Level level, LocalDate effectiveFrom, Optional<LocalDate> effectiveUntil,
        List<Source> sources, Optional<String> note, Optional<String> justification, RuleParams params) {
    public PackRule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(level);
        Objects.requireNonNull(effectiveFrom);
        Objects.requireNonNull(effectiveUntil);
        sources = List.copyOf(sources);
        Objects.requireNonNull(note);
        Objects.requireNonNull(justification);
        Objects.requireNonNull(params);
    }

    /** Whether the rule is in force on {@code date}: from {@code effectiveFrom} inclusive to {@code effectiveUntil} exclusive. */
    public boolean inForce(LocalDate date) {
        return !date.isBefore(effectiveFrom) && effectiveUntil.map(date::isBefore).orElse(true);
    }

    public RuleRef ref(String jurisdiction, String origin) {
        return new RuleRef(id, jurisdiction, sources, effectiveFrom, origin);
    }
}
