package dev.hallmark.policies.pack;

import dev.hallmark.policies.RuleRef;
import java.util.Objects;

/** A rule as it applies after overrides: the rule, its jurisdiction, where it came from, and whether an override replaced a shipped rule. */
public record EffectiveRule(String jurisdiction, PackRule rule, String origin, boolean replacedShipped) {
    public EffectiveRule {
        Objects.requireNonNull(jurisdiction);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(origin);
    }

    public RuleRef ref() {
        return rule.ref(jurisdiction, origin);
    }
}
