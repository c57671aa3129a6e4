package dev.hallmark.policies;

import java.util.Locale;

/** When in the clip a visible label is shown. */
public enum Timing {
    /** From the first frame for at least the minimum seconds. */
    START,
    /** In the middle of the clip. */
    MIDDLE,
    /** At the end of the clip. */
    END,
    /** The whole clip (includes the start). */
    WHOLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Timing fromId(String id) {
        for (Timing t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
