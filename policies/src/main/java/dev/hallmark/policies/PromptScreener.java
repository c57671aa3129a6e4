package dev.hallmark.policies;

import dev.hallmark.policies.Decision.FiredRule;
import dev.hallmark.policies.Decision.Outcome;
import dev.hallmark.policies.lucene.NormalizedText;
import dev.hallmark.policies.lucene.PromptNormalizer;
import dev.hallmark.policies.pack.ScreeningPlan;
import dev.hallmark.policies.pii.PiiScanner;
import dev.hallmark.policies.screening.Categories;
import dev.hallmark.policies.screening.CategoryCode;
import dev.hallmark.policies.screening.Hit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Screens prompts for a fixed set of jurisdictions and date with one keyword library: personal data is found and
 * redacted, the normalised prompt is matched against the library, and the pack rules decide — a match in a blocked
 * category blocks; a match that triggers a required consent (or a request declaring a real person) needs a valid
 * consent record; otherwise the prompt is allowed. Obtain one from {@link Policies#screener}. Thread-safe.
 *
 * <p>Security: screening is a filter, not a guarantee. A library only catches what it lists; evasions beyond
 * width, case, script variant, accents, spacing, punctuation and invisible characters (homophones, pinyin,
 * look-alike letters from other scripts, images) are not caught. Never treat {@code allow} as "safe".
 */
public final class PromptScreener {
    private final List<Jurisdiction> jurisdictions;
    private final LocalDate date;
    private final ScreeningPlan plan;
    private final ScreeningLibrary library;
    private final ConsentVerifier consent;
    private final PiiScanner pii;
    private final PromptNormalizer normalizer = PromptNormalizer.shared();
    private final List<String> warnings;
    private final List<FiredRule> piiRules;
    /** Fired-rule objects are built once: citations are long strings. */
    private final java.util.concurrent.ConcurrentHashMap<Object, FiredRule> fired = new java.util.concurrent.ConcurrentHashMap<>();

    PromptScreener(List<Jurisdiction> jurisdictions, LocalDate date, ScreeningPlan plan, ScreeningLibrary library,
            ConsentVerifier consent) {
        this.jurisdictions = List.copyOf(jurisdictions);
        this.date = date;
        this.plan = plan;
        this.library = library;
        this.consent = consent;
        this.pii = new PiiScanner(date);
        this.piiRules = plan.piiRules().stream().map(r -> packRule(r)).toList();
        List<String> w = new ArrayList<>();
        if (library.terms() < plan.minLibraryTerms()) {
            w.add("library '" + library.name() + "' " + library.version() + " has " + library.terms() + " terms; "
                    + String.join(", ", plan.minLibraryTermsRules().stream().map(RuleRef::id).toList()) + " asks for at least "
                    + plan.minLibraryTerms() + " — load the operator's complete library with --library");
        }
        for (String selector : plan.blocking().keySet()) {
            if (!library.covers(selector)) {
                w.add("library '" + library.name() + "' has no terms in blocked category " + selector);
            } else if (selector.matches("A\\.[12]")) {
                for (String item : Categories.keywordItems()) {
                    if (CategoryCode.covers(selector, item) && !library.covers(item)) {
                        w.add("library '" + library.name() + "' has no terms for GB/T 45654 item " + item);
                    }
                }
            }
        }
        this.warnings = List.copyOf(w);
    }

    public List<Jurisdiction> jurisdictions() {
        return jurisdictions;
    }

    public LocalDate date() {
        return date;
    }

    public ScreeningLibrary library() {
        return library;
    }

    /** Shortfalls of the library against the selected packs (too few terms, categories without terms). */
    public List<String> warnings() {
        return warnings;
    }

    /** Screens one prompt. */
    public Decision screen(ScreeningRequest request) {
        String prompt = request.prompt();
        boolean tooLong = prompt.length() > plan.maxPromptChars();
        String kept = tooLong ? truncate(prompt, plan.maxPromptChars()) : prompt;
        List<Redaction> redactions = plan.piiRedaction() == Level.NOT_REQUIRED ? List.of() : pii.scan(kept);
        String redacted = redact(kept, redactions) + (tooLong ? "[TRUNCATED:" + prompt.length() + " chars]" : "");
        if (tooLong) {
            List<FiredRule> rules = new ArrayList<>();
            String by = plan.maxPromptCharsRules().isEmpty() ? "Hallmark product default [design]"
                    : String.join(", ", plan.maxPromptCharsRules().stream().map(RuleRef::id).toList());
            rules.add(new FiredRule("hallmark.screening.prompt-length", "prompt has " + prompt.length()
                    + " characters; at most " + plan.maxPromptChars() + " are screened (" + by + ")"));
            return new Decision(Outcome.BLOCK, rules, redactions, redacted, Optional.empty());
        }
        NormalizedText text = normalizer.normalize(prompt);
        List<Hit> hits = library.matcher().match(text);

        // library entries first, then the pack rules that make their categories block
        Map<String, FiredRule> blockedEntries = new LinkedHashMap<>();
        Map<String, FiredRule> blockedBy = new LinkedHashMap<>();
        for (Hit h : hits) {
            for (Map.Entry<String, List<RuleRef>> b : plan.blocking().entrySet()) {
                if (CategoryCode.covers(b.getKey(), h.entry().category())) {
                    blockedEntries.putIfAbsent(h.entry().id(), entryRule(h.entry()));
                    b.getValue().forEach(r -> blockedBy.putIfAbsent(r.id(), packRule(r)));
                }
            }
        }
        if (!blockedEntries.isEmpty()) {
            List<FiredRule> rules = new ArrayList<>(blockedEntries.values());
            rules.addAll(blockedBy.values());
            return new Decision(Outcome.BLOCK, rules, redactions, redacted, Optional.empty());
        }

        Map<String, FiredRule> consentEntries = new LinkedHashMap<>();
        Map<String, FiredRule> consentRules = new LinkedHashMap<>();
        Set<ConsentSubject> needed = EnumSet.noneOf(ConsentSubject.class);
        for (Map.Entry<ConsentSubject, ScreeningPlan.Consent> c : plan.consent().entrySet()) {
            ScreeningPlan.Consent cp = c.getValue();
            if (cp.level() != Level.REQUIRED) {
                continue;
            }
            boolean triggered = false;
            for (Hit h : hits) {
                for (String t : cp.triggers()) {
                    if (CategoryCode.covers(t, h.entry().category())) {
                        consentEntries.putIfAbsent(h.entry().id(), entryRule(h.entry()));
                        triggered = true;
                    }
                }
            }
            if (request.declaresRealPerson() && c.getKey() == ConsentSubject.REAL_PERSON_LIKENESS) {
                consentEntries.putIfAbsent("hallmark.consent.declared", new FiredRule("hallmark.consent.declared",
                        "the request declares that it depicts or edits a real person"));
                triggered = true;
            }
            if (triggered) {
                needed.add(c.getKey());
                cp.rules().forEach(r -> consentRules.putIfAbsent(r.id(), packRule(r)));
            }
        }
        if (!needed.isEmpty()) {
            Map<String, FiredRule> fired = new LinkedHashMap<>(consentEntries);
            consentRules.forEach(fired::putIfAbsent);
            if (request.consentId().isEmpty()) {
                return new Decision(Outcome.NEEDS_CONSENT, List.copyOf(fired.values()), redactions, redacted,
                        Optional.empty());
            }
            ConsentVerifier.Check check = consent.check(request.consentId().get(), needed, date);
            if (!check.valid()) {
                fired.put("hallmark.consent.invalid", new FiredRule("hallmark.consent.invalid", check.detail()));
                return new Decision(Outcome.NEEDS_CONSENT, List.copyOf(fired.values()), redactions, redacted,
                        Optional.empty());
            }
            fired.put("hallmark.consent.given", new FiredRule("hallmark.consent.given", check.detail()));
            List<FiredRule> rules = new ArrayList<>(fired.values());
            if (!redactions.isEmpty()) {
                rules.addAll(piiRules);
            }
            return new Decision(Outcome.ALLOW, rules, redactions, redacted, request.consentId());
        }
        return new Decision(Outcome.ALLOW, redactions.isEmpty() ? List.of() : piiRules, redactions, redacted,
                Optional.empty());
    }

    private FiredRule packRule(RuleRef r) {
        return fired.computeIfAbsent(r, k -> new FiredRule(r.id(), r.citation()));
    }

    private FiredRule entryRule(LibraryEntry e) {
        return fired.computeIfAbsent(e, k -> newEntryRule(e));
    }

    private FiredRule newEntryRule(LibraryEntry e) {
        return new FiredRule(e.id(), library.name() + " " + library.version() + " line " + e.line() + ", category "
                + e.category() + " (" + library.categoryName(e.category()) + ")");
    }

    /** Cuts at {@code max} code units without splitting a surrogate pair. */
    private static String truncate(String s, int max) {
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The prompt with each redaction span replaced by its placeholder. */
    public static String redact(String prompt, List<Redaction> redactions) {
        if (redactions.isEmpty()) {
            return prompt;
        }
        StringBuilder sb = new StringBuilder(prompt.length());
        int at = 0;
        for (Redaction r : redactions) {
            sb.append(prompt, at, r.start()).append(r.placeholder());
            at = r.end();
        }
        return sb.append(prompt, at, prompt.length()).toString();
    }
}
