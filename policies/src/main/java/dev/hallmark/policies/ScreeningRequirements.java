package dev.hallmark.policies;

import java.util.List;
import java.util.Objects;

/**
 * How prompts must be screened.
 *
 * @param keywordScreening  whether keyword screening is required
 * @param blockedCategories risk-category codes (prefixes, e.g. {@code A.1} covers {@code A.1.f/weapons}) that block
 * @param minLibraryTerms   the smallest keyword library the selected jurisdictions accept (GB/T 45654: 10,000)
 * @param piiRedaction      whether personal data in prompts must be redacted before storage
 * @param maxPromptChars    the longest prompt accepted (UTF-16 units); longer ones are blocked
 */
public record ScreeningRequirements(
        Requirement<Level> keywordScreening,
        Requirement<List<String>> blockedCategories,
        Requirement<Integer> minLibraryTerms,
        Requirement<Level> piiRedaction,
        Requirement<Integer> maxPromptChars) {
    public ScreeningRequirements {
        Objects.requireNonNull(keywordScreening);
        Objects.requireNonNull(blockedCategories);
        Objects.requireNonNull(minLibraryTerms);
        Objects.requireNonNull(piiRedaction);
        Objects.requireNonNull(maxPromptChars);
    }
}
