package dev.hallmark.policies;

import java.util.Locale;

/**
 * What kind of authority a rule rests on — the labeling notes' [V]/[S]/[D] made explicit so nobody mistakes a
 * product decision for the law.
 */
public enum Basis {
    /** A statute or regulation (read in the legal text). */
    LAW,
    /** A national or international standard (GB, GB/T, ISO/IEC). */
    STANDARD,
    /** A code of practice, practice guide or regulator guidance. */
    GUIDANCE,
    /** Hallmark's own design decision: stricter than, or filling a gap in, the instruments cited. */
    DESIGN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Basis fromId(String id) {
        for (Basis b : values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        return null;
    }
}
