package dev.hallmark.policies;

import java.util.Locale;

/** How strongly a jurisdiction asks for something; declared from weakest to strictest (strictest wins). */
public enum Level {
    /** Nothing is asked. */
    NOT_REQUIRED,
    /** Encouraged (e.g. CN Labeling Measures Art. 5 on digital watermarks). */
    RECOMMENDED,
    /** Must be offered to the user as an option (e.g. California's manifest disclosure). */
    OFFERED,
    /** Mandatory. */
    REQUIRED;

    /** The name used in pack files and JSON: {@code not-required}, {@code recommended}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #id()}; null when unknown. */
    public static Level fromId(String id) {
        for (Level l : values()) {
            if (l.id().equals(id)) {
                return l;
            }
        }
        return null;
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    public static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
