package dev.hallmark.policies;

import java.util.List;
import java.util.Objects;

/**
 * One effective requirement after combining every selected jurisdiction: the value, the rules that decided it
 * (empty when no rule applies and a default was used) and the reason in words — which jurisdiction was strictest.
 */
public record Requirement<T>(T value, List<RuleRef> decidedBy, String reason) {
    public Requirement {
        Objects.requireNonNull(value, "value");
        decidedBy = List.copyOf(decidedBy);
        Objects.requireNonNull(reason, "reason");
    }

    /** The ids of {@link #decidedBy()}. */
    public List<String> ruleIds() {
        return decidedBy.stream().map(RuleRef::id).toList();
    }
}
