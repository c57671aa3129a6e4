package dev.hallmark.policies.pack;

import dev.hallmark.policies.ConsentSubject;
import dev.hallmark.policies.Level;
import dev.hallmark.policies.RuleRef;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the screener enforces for a set of jurisdictions on a date, with the rules behind each part: blocked category
 * selectors and the rules that block them, consent subjects with their triggers, PII redaction, limits.
 */
public record ScreeningPlan(Level keywordScreening, Map<String, List<RuleRef>> blocking,
        Map<ConsentSubject, Consent> consent, Level piiRedaction, List<RuleRef> piiRules, int minLibraryTerms,
        List<RuleRef> minLibraryTermsRules, int maxPromptChars, List<RuleRef> maxPromptCharsRules) {

    /** One consent subject: level, deciding rules, and the category selectors that trigger it. */
    public record Consent(Level level, List<RuleRef> rules, List<String> triggers) {
        public Consent {
            rules = List.copyOf(rules);
            triggers = List.copyOf(triggers);
        }
    }

    public ScreeningPlan {
        blocking = Collections.unmodifiableMap(new LinkedHashMap<>(blocking));
        EnumMap<ConsentSubject, Consent> c = new EnumMap<>(ConsentSubject.class);
        c.putAll(consent);
        consent = Collections.unmodifiableMap(c);
        piiRules = List.copyOf(piiRules);
        minLibraryTermsRules = List.copyOf(minLibraryTermsRules);
        maxPromptCharsRules = List.copyOf(maxPromptCharsRules);
    }
}
