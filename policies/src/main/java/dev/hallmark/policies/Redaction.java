package dev.hallmark.policies;

import java.util.Locale;
import java.util.Objects;

/**
 * Personal data found in a prompt and replaced before storage: its kind and span {@code [start, end)} in the prompt
 * as given, counted in UTF-16 code units (Java {@code String} and JavaScript indexes).
 */
public record Redaction(Kind kind, int start, int end) {
    /** What was found. */
    public enum Kind {
        /** PRC resident identity card number: 18 characters, ISO 7064 MOD 11-2 check character, valid birth date. */
        RESIDENT_ID,
        /** Mainland China mobile number (1[3-9] + 9 digits), optionally with +86. */
        PHONE,
        /** E-mail address. */
        EMAIL,
        /** Payment card number: 13-19 digits passing the Luhn check. */
        BANK_CARD;

        /** {@code resident-id}, {@code phone}, {@code email}, {@code bank-card}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    public Redaction {
        Objects.requireNonNull(kind);
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad redaction span [" + start + ", " + end + ")");
        }
    }

    /** The placeholder written into the redacted prompt. */
    public String placeholder() {
        return "[REDACTED:" + kind.id() + "]";
    }
}
