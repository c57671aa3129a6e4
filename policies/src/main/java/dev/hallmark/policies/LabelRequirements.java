package dev.hallmark.policies;

import java.time.LocalDate;
import java.util.Collections;
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
}
