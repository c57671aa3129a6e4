package dev.hallmark.policies.pack;

import java.util.Locale;

/** What a pack rule is about; decides which {@code params} it carries. */
public enum RuleKind {
    /** Visible label: texts, text pattern, minimum height ratio and seconds, timings, positions, burned in. */
    VISIBLE_LABEL(true),
    /** GB 45438 implicit label in the file metadata. */
    AIGC_METADATA(false),
    /** Signed C2PA manifest. */
    C2PA(false),
    /** Imperceptible watermark. */
    WATERMARK(false),
    /** Retention of one record class. */
    RETENTION(true),
    /** Fields the output must disclose and where. */
    DISCLOSURE_FIELDS(true),
    /** Consent needed to depict or edit a real person. */
    CONSENT(true),
    /** Keyword screening of prompts: categories that block, library size, prompt length. */
    SCREENING(true),
    /** Redaction of personal data in prompts before storage. */
    PII_REDACTION(false);

    private final boolean hasParams;

    RuleKind(boolean hasParams) {
        this.hasParams = hasParams;
    }

    public boolean hasParams() {
        return hasParams;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RuleKind fromId(String id) {
        for (RuleKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }
}
