package dev.hallmark.policies;

import java.util.Locale;

/** Classes of records the product keeps, each with its own retention period. */
public enum RecordClass {
    /** The filing of each generation: who, when, model, prompt (redacted, encrypted), decisions, outputs. */
    GENERATION_LOG,
    /** Recipient and details of an output delivered without a visible label at the user's request (CN Art. 9). */
    UNLABELED_OUTPUT_RECIPIENT,
    /** Consent records for depicting or editing a real person. */
    CONSENT_RECORD,
    /** Content submitted to the public detection tool. */
    DETECTION_UPLOAD;

    /** {@code generation-log}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RecordClass fromId(String id) {
        for (RecordClass c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
