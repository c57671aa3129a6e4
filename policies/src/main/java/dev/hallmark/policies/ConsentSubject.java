package dev.hallmark.policies;

import java.util.Locale;

/** What a consent requirement covers. */
public enum ConsentSubject {
    /** Depicting a real, identifiable person (portrait / likeness rights). */
    REAL_PERSON_LIKENESS,
    /** Editing a real person's face or voice (biometric editing). */
    FACE_VOICE_EDITING;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ConsentSubject fromId(String id) {
        for (ConsentSubject s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}
