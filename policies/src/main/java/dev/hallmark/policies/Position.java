package dev.hallmark.policies;

import java.util.Locale;

/** Where in the frame a visible label is drawn. */
public enum Position {
    TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT, TOP, BOTTOM, CENTER;

    /** {@code top-left}, {@code bottom-right}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Position fromId(String id) {
        for (Position p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
