package dev.hallmark.registry;

import java.util.List;

/** The self-check result recorded with a generation: an outcome token (e.g. {@code PASS}) and the check codes behind it. */
public record VerificationSummary(String result, List<String> codes) {
    public VerificationSummary {
        if (result == null || !PolicyDecision.TOKEN.matcher(result).matches()) {
            throw new IllegalArgumentException("verification result must be an upper-case token like PASS (got " + ModelRef.quote(result) + ")");
        }
        codes = List.copyOf(codes == null ? List.of() : codes);
        if (codes.size() > 64) {
            throw new IllegalArgumentException("at most 64 verification codes");
        }
        for (String c : codes) {
            if (!PolicyDecision.RULE.matcher(c).matches()) {
                throw new IllegalArgumentException("verification code " + ModelRef.quote(c) + " must be 1-128 of A-Z a-z 0-9 . _ : / -");
            }
        }
    }
}
