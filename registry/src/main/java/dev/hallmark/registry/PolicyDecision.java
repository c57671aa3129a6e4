package dev.hallmark.registry;

import java.util.List;
import java.util.regex.Pattern;

/** The policy outcome for a generation: a decision token (e.g. {@code ALLOW}, {@code REVIEW}) and the rule ids that fired. */
public record PolicyDecision(String decision, List<String> ruleIds) {
    static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public PolicyDecision {
        if (decision == null || !TOKEN.matcher(decision).matches()) {
            throw new IllegalArgumentException("policy decision must be an upper-case token like ALLOW (got " + ModelRef.quote(decision) + ")");
        }
        ruleIds = List.copyOf(ruleIds == null ? List.of() : ruleIds);
        if (ruleIds.size() > 64) {
            throw new IllegalArgumentException("at most 64 policy rule ids");
        }
        for (String r : ruleIds) {
            if (!RULE.matcher(r).matches()) {
                throw new IllegalArgumentException("policy rule id " + ModelRef.quote(r) + " must be 1-128 of A-Z a-z 0-9 . _ : / -");
            }
        }
    }
}
