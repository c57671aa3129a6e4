package dev.hallmark.policies;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a class of record is kept: at least {@code minimum} (zero: no minimum), and at most {@code maximum} when
 * present (a data-minimisation limit).
 */
public record Retention(Period minimum, Optional<Period> maximum) {
    public Retention {
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        if (minimum.isNegative() || maximum.map(Period::isNegative).orElse(false)) {
            throw new IllegalArgumentException("retention periods cannot be negative");
        }
    }

    public static final Retention NONE = new Retention(Period.ZERO, Optional.empty());

    /** Whether the minimum exceeds the maximum when both are counted from {@code from}. */
    public boolean contradictory(LocalDate from) {
        return maximum.isPresent() && from.plus(minimum).isAfter(from.plus(maximum.get()));
    }
}
