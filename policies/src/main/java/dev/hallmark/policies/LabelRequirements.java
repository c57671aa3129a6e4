package dev.hallmark.policies;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a clip and its records must satisfy for a set of jurisdictions on a date — the answer the generator
 * pipeline asks for. Several jurisdictions combine as "strictest wins"; every requirement carries the rules that
 * decided it and the reason.
 *
 * @param jurisdictions    the jurisdictions combined, in the order given
 * @param date             the date the rules were evaluated for (only rules in force that day count)
 * @param visibleLabel     the visible label
 * @param aigcMetadata     GB 45438 implicit label ({@code AIGC} metadata)
 * @param c2pa             a signed C2PA manifest
 * @param watermark        an imperceptible watermark
 * @param retention        retention per record class (every class present; {@link Retention#NONE} when unregulated)
 * @param disclosureFields fields the output must disclose, with where they go
 * @param consent          consent requirements by subject (every subject present)
 * @param screening        prompt screening set-up
 * @param packs            the packs consulted (version and origin)
 * @param notes            remarks a reviewer should see: overrides in use, contradictions found
 */
public record LabelRequirements(
        List<Jurisdiction> jurisdictions,
        LocalDate date,
        VisibleLabelRequirements visibleLabel,
        Requirement<Level> aigcMetadata,
        Requirement<Level> c2pa,
        Requirement<Level> watermark,
        Map<RecordClass, Requirement<Retention>> retention,
        List<DisclosureField> disclosureFields,
        Map<ConsentSubject, Requirement<Level>> consent,
        ScreeningRequirements screening,
        List<PackInfo> packs,
        List<String> notes) {
    public LabelRequirements {
        jurisdictions = List.copyOf(jurisdictions);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(visibleLabel, "visibleLabel");
        Objects.requireNonNull(aigcMetadata, "aigcMetadata");
        Objects.requireNonNull(c2pa, "c2pa");
        Objects.requireNonNull(watermark, "watermark");
        EnumMap<RecordClass, Requirement<Retention>> r = new EnumMap<>(RecordClass.class);
        r.putAll(retention);
        for (RecordClass c : RecordClass.values()) {
            if (!r.containsKey(c)) {
                throw new IllegalArgumentException("retention missing for " + c.id());
            }
        }
        retention = Collections.unmodifiableMap(r);
        disclosureFields = List.copyOf(disclosureFields);
        EnumMap<ConsentSubject, Requirement<Level>> c = new EnumMap<>(ConsentSubject.class);
        c.putAll(consent);
        for (ConsentSubject s : ConsentSubject.values()) {
            if (!c.containsKey(s)) {
                throw new IllegalArgumentException("consent missing for " + s.id());
            }
        }
        consent = Collections.unmodifiableMap(c);
        Objects.requireNonNull(screening, "screening");
        packs = List.copyOf(packs);
        notes = List.copyOf(notes);
    }

    /** Whether the GB 45438 {@code AIGC} metadata must be written. */
    public boolean aigcRequired() {
        return aigcMetadata.value() == Level.REQUIRED;
    }

    /** Whether a C2PA manifest must be signed into the file. */
    public boolean c2paRequired() {
        return c2pa.value() == Level.REQUIRED;
    }

    /** Whether an invisible watermark must be embedded. */
    public boolean watermarkRequired() {
        return watermark.value() == Level.REQUIRED;
    }

    /** The retention of one record class. */
    public Retention retentionOf(RecordClass recordClass) {
        return retention.get(recordClass).value();
    }

    /** Whether consent is required for {@code subject}. */
    public boolean consentRequired(ConsentSubject subject) {
        return consent.get(subject).value() == Level.REQUIRED;
    }

    /** Schema of {@link #toDocument()}. */
    public static final String SCHEMA = "hallmark.policy-requirements/1";

    /**
     * The requirements as an ordered JSON-ready map ({@value #SCHEMA}): each requirement is
     * {@code {"value":..., "rules":[ids], "reason":...}}; {@code "rules"} at the top level describes every rule id
     * cited (jurisdiction, sources, effectiveFrom, origin).
     */
    public Map<String, Object> toDocument() {
        Map<String, RuleRef> cited = new LinkedHashMap<>();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("jurisdictions", jurisdictions.stream().map(Jurisdiction::code).toList());
        doc.put("date", date.toString());
        List<Map<String, Object>> packDocs = new ArrayList<>();
        for (PackInfo p : packs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jurisdiction", p.jurisdiction());
            m.put("title", p.title());
            m.put("packVersion", p.packVersion());
            m.put("published", p.published().toString());
            m.put("origin", p.origin());
            packDocs.add(m);
        }
        doc.put("packs", packDocs);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("level", req(visibleLabel.level(), Level::id, cited));
        v.put("text", req(visibleLabel.text(), t -> t, cited));
        v.put("acceptableTexts", req(visibleLabel.acceptableTexts(), t -> t, cited));
        v.put("minHeightRatio", req(visibleLabel.minHeightRatio(), d -> d, cited));
        v.put("minSeconds", req(visibleLabel.minSeconds(), d -> d, cited));
        v.put("timings", req(visibleLabel.timings(), l -> l.stream().map(Timing::id).toList(), cited));
        v.put("positions", req(visibleLabel.positions(), l -> l.stream().map(Position::id).toList(), cited));
        v.put("burnedIn", req(visibleLabel.burnedIn(), b -> b, cited));
        doc.put("visibleLabel", v);
        doc.put("aigcMetadata", req(aigcMetadata, Level::id, cited));
        doc.put("c2pa", req(c2pa, Level::id, cited));
        doc.put("watermark", req(watermark, Level::id, cited));
        Map<String, Object> ret = new LinkedHashMap<>();
        retention.forEach((k, r) -> ret.put(k.id(), req(r, x -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minimum", x.minimum().toString());
            m.put("maximum", x.maximum().map(Object::toString).orElse(null));
            return m;
        }, cited)));
        doc.put("retention", ret);
        List<Map<String, Object>> fields = new ArrayList<>();
        for (DisclosureField f : disclosureFields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("carrier", f.carrier());
            m.put("description", f.description());
            m.put("rules", f.requiredBy().stream().map(r -> cite(r, cited)).toList());
            fields.add(m);
        }
        doc.put("disclosureFields", fields);
        Map<String, Object> cons = new LinkedHashMap<>();
        consent.forEach((k, r) -> cons.put(k.id(), req(r, Level::id, cited)));
        doc.put("consent", cons);
        Map<String, Object> scr = new LinkedHashMap<>();
        scr.put("keywordScreening", req(screening.keywordScreening(), Level::id, cited));
        scr.put("blockedCategories", req(screening.blockedCategories(), l -> l, cited));
        scr.put("minLibraryTerms", req(screening.minLibraryTerms(), i -> i, cited));
        scr.put("piiRedaction", req(screening.piiRedaction(), Level::id, cited));
        scr.put("maxPromptChars", req(screening.maxPromptChars(), i -> i, cited));
        doc.put("screening", scr);
        doc.put("notes", notes);
        Map<String, Object> rules = new LinkedHashMap<>();
        cited.forEach((id, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jurisdiction", r.jurisdiction());
            List<Map<String, Object>> srcs = new ArrayList<>();
            for (Source s : r.sources()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("instrument", s.instrument());
                sm.put("clause", s.clause());
                sm.put("basis", s.basis().id());
                srcs.add(sm);
            }
            m.put("sources", srcs);
            m.put("effectiveFrom", r.effectiveFrom().toString());
            m.put("origin", r.origin());
            rules.put(id, m);
        });
        doc.put("rules", rules);
        return doc;
    }

    private static <T> Map<String, Object> req(Requirement<T> r, java.util.function.Function<T, Object> value,
            Map<String, RuleRef> cited) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value.apply(r.value()));
        m.put("rules", r.decidedBy().stream().map(x -> cite(x, cited)).toList());
        m.put("reason", r.reason());
        return m;
    }

    private static String cite(RuleRef r, Map<String, RuleRef> cited) {
        cited.putIfAbsent(r.id(), r);
        return r.id();
    }
}
