package dev.hallmark.watermark.label;

import java.util.Locale;

/** Corner where the visible label sits. */
public enum LabelPosition {
    TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

    /** Parses {@code top-left} etc. */
    public static LabelPosition parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("position must be top-left, top-right, bottom-left or bottom-right, got '"
                    + s + "'");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
