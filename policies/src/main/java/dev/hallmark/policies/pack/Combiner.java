package dev.hallmark.policies.pack;

import dev.hallmark.policies.ConsentSubject;
import dev.hallmark.policies.DisclosureField;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.LabelRequirements;
import dev.hallmark.policies.Level;
import dev.hallmark.policies.PackInfo;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.Position;
import dev.hallmark.policies.RecordClass;
import dev.hallmark.policies.Requirement;
import dev.hallmark.policies.Retention;
import dev.hallmark.policies.RuleRef;
import dev.hallmark.policies.ScreeningRequirements;
import dev.hallmark.policies.Timing;
import dev.hallmark.policies.VisibleLabelRequirements;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Combines the rules of several jurisdictions in force on one date into {@link LabelRequirements}: strictest wins
 * (highest level, largest minimum, shortest maximum, intersection of allowed sets, union of fields and categories),
 * and every requirement records the rules that decided it and why.
 */
public final class Combiner {
    private final List<Jurisdiction> jurisdictions;
    private final LocalDate date;
    private final List<EffectiveRule> inForce = new ArrayList<>();
    private final List<PackInfo> packs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Combiner(PolicyCatalog catalog, List<Jurisdiction> jurisdictions, LocalDate date) throws PolicyException {
        if (jurisdictions.isEmpty()) {
            throw new PolicyException(PolicyException.Reason.BAD_ARGUMENT, "jurisdiction list", "", "no jurisdiction given");
        }
        this.jurisdictions = List.copyOf(jurisdictions);
        this.date = date;
        for (Jurisdiction j : jurisdictions) {
            packs.addAll(catalog.packs(j));
            for (EffectiveRule r : catalog.rules(j)) {
                if (r.rule().inForce(date)) {
                    inForce.add(r);
                    if (r.replacedShipped()) {
                        notes.add(r.rule().id() + " is the operator's replacement from " + r.origin() + ": "
                                + r.rule().justification().orElse(""));
                    }
                } else if (date.isBefore(r.rule().effectiveFrom())) {
                    notes.add(r.rule().id() + " (" + r.rule().kind().id() + ", " + r.rule().level().id()
                            + ") takes effect " + r.rule().effectiveFrom() + "; not applied on " + date);
                } else {
                    notes.add(r.rule().id() + " ceased to apply on " + r.rule().effectiveUntil().orElseThrow());
                }
            }
        }
    }

    /** The combined requirements for {@code jurisdictions} on {@code date}. */
    public static LabelRequirements requirements(PolicyCatalog catalog, List<Jurisdiction> jurisdictions, LocalDate date)
            throws PolicyException {
        return new Combiner(catalog, jurisdictions, date).requirements();
    }

    /** The screening plan for {@code jurisdictions} on {@code date}. */
    public static ScreeningPlan screeningPlan(PolicyCatalog catalog, List<Jurisdiction> jurisdictions, LocalDate date)
            throws PolicyException {
        return new Combiner(catalog, jurisdictions, date).screeningPlan();
    }

    private LabelRequirements requirements() {
        Map<RecordClass, Requirement<Retention>> retention = new EnumMap<>(RecordClass.class);
        for (RecordClass c : RecordClass.values()) {
            retention.put(c, retention(c));
        }
        Map<ConsentSubject, Requirement<Level>> consent = new EnumMap<>(ConsentSubject.class);
        for (ConsentSubject s : ConsentSubject.values()) {
            List<EffectiveRule> rs = of(RuleKind.CONSENT).stream()
                    .filter(r -> ((RuleParams.Consent) r.rule().params()).subject() == s).toList();
            consent.put(s, level(rs, "consent for " + s.id()));
        }
        ScreeningPlan plan = screeningPlan();
        return new LabelRequirements(jurisdictions, date, visibleLabel(), level(of(RuleKind.AIGC_METADATA),
                "GB 45438 AIGC metadata"), level(of(RuleKind.C2PA), "a C2PA manifest"),
                level(of(RuleKind.WATERMARK), "an invisible watermark"), retention, disclosureFields(), consent,
                screening(plan), packs, notes);
    }

    private List<EffectiveRule> of(RuleKind kind) {
        return inForce.stream().filter(r -> r.rule().kind() == kind).toList();
    }

    private String codes() {
        return jurisdictions.stream().map(Jurisdiction::code).collect(Collectors.joining(", "));
    }

    /** Highest level wins; the rules at that level decide it. */
    private Requirement<Level> level(List<EffectiveRule> rules, String what) {
        List<EffectiveRule> active = rules;
        if (active.isEmpty()) {
            return new Requirement<>(Level.NOT_REQUIRED, List.of(),
                    "no rule on " + what + " in force for " + codes() + " on " + date);
        }
        Level max = active.stream().map(r -> r.rule().level()).max(Comparator.naturalOrder()).orElseThrow();
        List<EffectiveRule> winners = active.stream().filter(r -> r.rule().level() == max).toList();
        String others = active.stream().filter(r -> r.rule().level() != max)
                .map(r -> r.rule().id() + " " + r.rule().level().id()).collect(Collectors.joining(", "));
        String reason = max.id() + " by " + describe(winners) + (others.isEmpty() ? "" : "; weaker: " + others);
        return new Requirement<>(max, refs(winners), reason);
    }

    private static String describe(List<EffectiveRule> rules) {
        return rules.stream().map(r -> r.rule().id() + " (" + r.rule().sources().get(0).instrument() + " "
                + r.rule().sources().get(0).clause() + ")").collect(Collectors.joining(", "));
    }

    private static List<RuleRef> refs(List<EffectiveRule> rules) {
        return rules.stream().map(EffectiveRule::ref).toList();
    }

    private VisibleLabelRequirements visibleLabel() {
        List<EffectiveRule> all = of(RuleKind.VISIBLE_LABEL);
        Requirement<Level> level = level(all, "a visible label");
        // every rule that asks for a label at all constrains its form; strictest level first, then jurisdiction order
        List<EffectiveRule> contributors = all.stream().filter(r -> r.rule().level() != Level.NOT_REQUIRED)
                .sorted(Comparator.comparing((EffectiveRule r) -> r.rule().level()).reversed()).toList();
        Function<EffectiveRule, RuleParams.VisibleLabel> p = r -> (RuleParams.VisibleLabel) r.rule().params();

        Requirement<Double> height = maxOf(contributors, r -> p.apply(r).minHeightRatio(),
                ProductDefaults.MIN_HEIGHT_RATIO, "minimum text height", "of the frame's shortest side");
        Requirement<Double> seconds = maxOf(contributors, r -> p.apply(r).minSeconds(), ProductDefaults.MIN_SECONDS,
                "minimum time on screen", "s");

        // texts acceptable to every pattern
        List<EffectiveRule> patterned = contributors.stream().filter(r -> p.apply(r).hasTextRule()).toList();
        LinkedHashSet<String> candidates = new LinkedHashSet<>();
        EffectiveRule textSource = null;
        for (EffectiveRule r : contributors) {
            candidates.addAll(p.apply(r).texts());
        }
        List<String> acceptable = candidates.stream()
                .filter(t -> patterned.stream().allMatch(r -> p.apply(r).accepts(t))).toList();
        String textReason;
        if (candidates.isEmpty()) {
            String t = ProductDefaults.LABEL_TEXT;
            acceptable = List.of(t);
            textReason = "product default [design]; no selected rule names a text";
            if (!patterned.stream().allMatch(r -> p.apply(r).accepts(t))) {
                notes.add("CONFLICT: the default label text '" + t + "' does not satisfy " + describe(patterned));
            }
        } else if (acceptable.isEmpty()) {
            String joined = contributors.stream().filter(r -> !p.apply(r).texts().isEmpty())
                    .map(r -> p.apply(r).texts().get(0)).distinct().collect(Collectors.joining(" / "));
            acceptable = List.of(joined);
            boolean ok = patterned.stream().allMatch(r -> p.apply(r).accepts(joined));
            textReason = "no single text satisfies every selected jurisdiction; combined: " + joined;
            if (!ok) {
                notes.add("CONFLICT: no label text satisfies " + describe(patterned));
            }
        } else {
            String chosen = acceptable.get(0);
            textSource = contributors.stream().filter(r -> p.apply(r).texts().contains(chosen)).findFirst().orElseThrow();
            textReason = "'" + chosen + "' from " + textSource.rule().id()
                    + (patterned.isEmpty() ? "" : "; satisfies the text rules of " + patterned.stream()
                            .map(r -> r.rule().id()).collect(Collectors.joining(", ")));
        }
        List<EffectiveRule> textRules = new ArrayList<>();
        if (textSource != null) {
            textRules.add(textSource);
        }
        patterned.stream().filter(r -> !textRules.contains(r)).forEach(textRules::add);
        Requirement<String> text = new Requirement<>(acceptable.get(0), refs(textRules), textReason);
        Requirement<List<String>> texts = new Requirement<>(acceptable, refs(textRules), textReason);

        Requirement<List<Timing>> timings = intersect(contributors, r -> p.apply(r).timings(), ProductDefaults.TIMINGS,
                List.of(Timing.WHOLE), "timings", Timing::id);
        Requirement<List<Position>> positions = intersect(contributors, r -> p.apply(r).positions(),
                ProductDefaults.POSITIONS, List.of(ProductDefaults.POSITIONS.get(0)), "positions", Position::id);

        List<EffectiveRule> burn = contributors.stream().filter(r -> p.apply(r).burnedIn().orElse(false)).toList();
        Requirement<Boolean> burnedIn = burn.isEmpty()
                ? new Requirement<>(ProductDefaults.BURNED_IN, List.of(), "product default [design]: labels are always burned in")
                : new Requirement<>(true, refs(burn), "burned into the exported pixels: " + describe(burn));
        return new VisibleLabelRequirements(level, text, texts, height, seconds, timings, positions, burnedIn);
    }

    private Requirement<Double> maxOf(List<EffectiveRule> rules, Function<EffectiveRule, OptionalDouble> get,
            double fallback, String what, String unit) {
        List<EffectiveRule> setting = rules.stream().filter(r -> get.apply(r).isPresent()).toList();
        if (setting.isEmpty()) {
            return new Requirement<>(fallback, List.of(), fmt(fallback) + " " + unit
                    + ": product default [design]; no selected rule sets a " + what);
        }
        double max = setting.stream().mapToDouble(r -> get.apply(r).getAsDouble()).max().orElseThrow();
        List<EffectiveRule> winners = setting.stream().filter(r -> get.apply(r).getAsDouble() == max).toList();
        String all = setting.stream().map(r -> r.rule().id() + " " + fmt(get.apply(r).getAsDouble()))
                .collect(Collectors.joining(", "));
        return new Requirement<>(max, refs(winners), fmt(max) + " " + unit + ", the largest " + what + " of: " + all);
    }

    private <T> Requirement<List<T>> intersect(List<EffectiveRule> rules, Function<EffectiveRule, List<T>> get,
            List<T> fallback, List<T> onConflict, String what, Function<T, String> id) {
        List<EffectiveRule> setting = rules.stream().filter(r -> !get.apply(r).isEmpty()).toList();
        if (setting.isEmpty()) {
            return new Requirement<>(fallback, List.of(), "any " + what + "; product default order [design]");
        }
        List<T> allowed = new ArrayList<>(get.apply(setting.get(0)));
        for (EffectiveRule r : setting) {
            allowed.retainAll(get.apply(r));
        }
        if (allowed.isEmpty()) {
            notes.add("CONFLICT: no " + what + " allowed by all of " + describe(setting) + "; using "
                    + onConflict.stream().map(id).collect(Collectors.joining(", ")));
            return new Requirement<>(onConflict, refs(setting), "CONFLICT: the allowed " + what + " do not overlap");
        }
        return new Requirement<>(allowed, refs(setting), what + " allowed by every one of " + setting.stream()
                .map(r -> r.rule().id()).collect(Collectors.joining(", ")) + ", preferred first");
    }

    private Requirement<Retention> retention(RecordClass c) {
        List<EffectiveRule> rs = of(RuleKind.RETENTION).stream()
                .filter(r -> r.rule().level() != Level.NOT_REQUIRED)
                .filter(r -> ((RuleParams.Retention) r.rule().params()).recordClass() == c).toList();
        if (rs.isEmpty()) {
            return new Requirement<>(Retention.NONE, List.of(), "no retention rule for " + c.id() + " in force");
        }
        Function<EffectiveRule, RuleParams.Retention> p = r -> (RuleParams.Retention) r.rule().params();
        Period min = Period.ZERO;
        List<EffectiveRule> minRules = new ArrayList<>();
        Period max = null;
        List<EffectiveRule> maxRules = new ArrayList<>();
        for (EffectiveRule r : rs) {
            Optional<Period> rmin = p.apply(r).minimum();
            if (rmin.isPresent()) {
                int cmp = date.plus(rmin.get()).compareTo(date.plus(min));
                if (cmp > 0) {
                    min = rmin.get();
                    minRules.clear();
                }
                if (cmp >= 0) {
                    minRules.add(r);
                }
            }
            Optional<Period> rmax = p.apply(r).maximum();
            if (rmax.isPresent()) {
                int cmp = max == null ? -1 : date.plus(rmax.get()).compareTo(date.plus(max));
                if (cmp < 0) {
                    max = rmax.get();
                    maxRules.clear();
                }
                if (cmp <= 0) {
                    maxRules.add(r);
                }
            }
        }
        Retention value = new Retention(min, Optional.ofNullable(max));
        List<EffectiveRule> deciding = new ArrayList<>(minRules);
        maxRules.stream().filter(r -> !deciding.contains(r)).forEach(deciding::add);
        StringBuilder reason = new StringBuilder();
        if (!minRules.isEmpty()) {
            reason.append("keep at least ").append(min).append(" (longest minimum: ")
                    .append(minRules.stream().map(r -> r.rule().id()).collect(Collectors.joining(", "))).append(')');
        }
        if (max != null) {
            reason.append(reason.isEmpty() ? "" : "; ").append("delete within ").append(max).append(" (shortest maximum: ")
                    .append(maxRules.stream().map(r -> r.rule().id()).collect(Collectors.joining(", "))).append(')');
        }
        if (value.contradictory(date)) {
            notes.add("CONFLICT: retention of " + c.id() + " must be at least " + min + " but at most " + max);
            reason.insert(0, "CONFLICT: ");
        }
        return new Requirement<>(value, refs(deciding), reason.toString());
    }

    private List<DisclosureField> disclosureFields() {
        Map<String, DisclosureField> out = new LinkedHashMap<>();
        for (EffectiveRule r : of(RuleKind.DISCLOSURE_FIELDS)) {
            if (r.rule().level() == Level.NOT_REQUIRED) {
                continue;
            }
            RuleParams.Disclosure d = (RuleParams.Disclosure) r.rule().params();
            for (RuleParams.Field f : d.fields()) {
                String key = d.carrier() + "/" + f.name();
                DisclosureField old = out.get(key);
                List<RuleRef> by = new ArrayList<>(old == null ? List.of() : old.requiredBy());
                by.add(r.ref());
                out.put(key, new DisclosureField(f.name(), d.carrier(), old == null ? f.description() : old.description(), by));
            }
        }
        return List.copyOf(out.values());
    }

    private ScreeningRequirements screening(ScreeningPlan plan) {
        List<EffectiveRule> rs = of(RuleKind.SCREENING);
        Requirement<Level> level = level(rs, "prompt screening");
        List<RuleRef> catRules = plan.blocking().values().stream().flatMap(List::stream).distinct().toList();
        Requirement<List<String>> cats = new Requirement<>(List.copyOf(plan.blocking().keySet()), catRules,
                plan.blocking().isEmpty() ? "no category blocks" : "union of the categories blocked by " + catRules.stream()
                        .map(RuleRef::id).collect(Collectors.joining(", ")));
        Requirement<Integer> minTerms = new Requirement<>(plan.minLibraryTerms(), plan.minLibraryTermsRules(),
                plan.minLibraryTermsRules().isEmpty() ? "no selected rule sets a library size"
                        : "largest minimum library size, set by " + plan.minLibraryTermsRules().stream().map(RuleRef::id)
                                .collect(Collectors.joining(", ")));
        Requirement<Level> pii = level(of(RuleKind.PII_REDACTION), "personal-data redaction");
        Requirement<Integer> maxChars = new Requirement<>(plan.maxPromptChars(), plan.maxPromptCharsRules(),
                plan.maxPromptCharsRules().isEmpty() ? "product default [design] bound on untrusted input"
                        : "smallest limit, set by " + plan.maxPromptCharsRules().stream().map(RuleRef::id)
                                .collect(Collectors.joining(", ")));
        return new ScreeningRequirements(level, cats, minTerms, pii, maxChars);
    }

    private ScreeningPlan screeningPlan() {
        List<EffectiveRule> rs = of(RuleKind.SCREENING).stream().filter(r -> r.rule().level() != Level.NOT_REQUIRED).toList();
        Level level = rs.stream().map(r -> r.rule().level()).max(Comparator.naturalOrder()).orElse(Level.NOT_REQUIRED);
        Map<String, List<RuleRef>> blocking = new LinkedHashMap<>();
        int minTerms = 0;
        List<RuleRef> minTermsRules = new ArrayList<>();
        int maxChars = ProductDefaults.MAX_PROMPT_CHARS;
        List<RuleRef> maxCharsRules = new ArrayList<>();
        for (EffectiveRule r : rs) {
            RuleParams.Screening s = (RuleParams.Screening) r.rule().params();
            for (String c : s.blockCategories()) {
                blocking.computeIfAbsent(c, k -> new ArrayList<>()).add(r.ref());
            }
            if (s.minLibraryTerms().isPresent()) {
                int v = s.minLibraryTerms().getAsInt();
                if (v > minTerms) {
                    minTerms = v;
                    minTermsRules.clear();
                }
                if (v == minTerms && v > 0) {
                    minTermsRules.add(r.ref());
                }
            }
        }
        List<EffectiveRule> limiting = rs.stream()
                .filter(r -> ((RuleParams.Screening) r.rule().params()).maxPromptChars().isPresent()).toList();
        if (!limiting.isEmpty()) {
            maxChars = limiting.stream()
                    .mapToInt(r -> ((RuleParams.Screening) r.rule().params()).maxPromptChars().getAsInt()).min().orElseThrow();
            int limit = maxChars;
            limiting.stream().filter(r -> ((RuleParams.Screening) r.rule().params()).maxPromptChars().getAsInt() == limit)
                    .forEach(r -> maxCharsRules.add(r.ref()));
        }
        Map<ConsentSubject, ScreeningPlan.Consent> consent = new EnumMap<>(ConsentSubject.class);
        for (ConsentSubject subject : ConsentSubject.values()) {
            List<EffectiveRule> cr = of(RuleKind.CONSENT).stream()
                    .filter(r -> ((RuleParams.Consent) r.rule().params()).subject() == subject).toList();
            Level cl = cr.stream().map(r -> r.rule().level()).max(Comparator.naturalOrder()).orElse(Level.NOT_REQUIRED);
            List<EffectiveRule> winners = cr.stream().filter(r -> r.rule().level() == cl).toList();
            Set<String> triggers = new LinkedHashSet<>();
            cr.stream().filter(r -> r.rule().level() != Level.NOT_REQUIRED)
                    .forEach(r -> triggers.addAll(((RuleParams.Consent) r.rule().params()).triggers()));
            consent.put(subject, new ScreeningPlan.Consent(cl, refs(winners), List.copyOf(triggers)));
        }
        List<EffectiveRule> pii = of(RuleKind.PII_REDACTION);
        Level piiLevel = pii.stream().map(r -> r.rule().level()).max(Comparator.naturalOrder()).orElse(Level.NOT_REQUIRED);
        List<RuleRef> piiRules = refs(pii.stream().filter(r -> r.rule().level() == piiLevel && piiLevel != Level.NOT_REQUIRED).toList());
        return new ScreeningPlan(level, blocking, consent, piiLevel, piiRules, minTerms, minTermsRules, maxChars,
                maxCharsRules);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%s", d);
    }
}
