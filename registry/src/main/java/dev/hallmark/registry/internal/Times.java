package dev.hallmark.registry.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Canonical time text: UTC, millisecond precision, e.g. {@code 2026-11-05T08:30:00.000Z}. */
public final class Times {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String format(Instant t) {
        return MILLIS.format(t);
    }

    /** Parses canonical or any ISO-8601 instant; throws IllegalArgumentException. */
    public static Instant parse(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 UTC time: " + s);
        }
    }

    /**
     * Parses a user-supplied bound: an instant ({@code 2026-11-05T08:30:00Z}), a date ({@code 2026-11-05}, start of
     * that day UTC, or with {@code endOfDay} the last millisecond of it).
     */
    public static Instant parseBound(String s, boolean endOfDay) {
        String v = s.strip();
        if (v.length() == 10) {
            try {
                LocalDate d = LocalDate.parse(v);
                Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
                return endOfDay ? start.plusMillis(86_400_000L - 1) : start;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a date (YYYY-MM-DD) or ISO-8601 time: " + s);
            }
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not a date (YYYY-MM-DD) or ISO-8601 time: " + s);
            }
        }
    }
}
